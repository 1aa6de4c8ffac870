import { Readable } from 'node:stream';

/**
 * One attempt's view of a caller's stream. It pulls from the source only when undici reads, so
 * an attempt that failed before undici asked for a byte (no connection could be opened) leaves
 * the source untouched and the next attempt can send it whole. Destroying the
 * tap never destroys the source: the request body owner decides that.
 */
export class SourceTap extends Readable {
  readonly #source: Readable;
  #touched = false;
  #attached = false;
  // Chunks are passed on as they come ('data'), not read() out of the buffer: read() without a
  // size joins everything buffered into a new Buffer, a copy of the body (11 % of a large
  // streamed PUT's CPU, bench `backends`).
  readonly #onData = (chunk: unknown): void => {
    if (!this.push(chunk)) this.#source.pause();
  };
  readonly #onEnd = (): void => {
    this.push(null);
  };

  constructor(source: Readable) {
    super({ highWaterMark: 0 });
    this.#source = source;
  }

  /**
   * Whether any byte may have left the source through this tap. undici calls `read(0)` as soon
   * as it has a socket, so this turns true then, before anything is on the wire: conservative.
   */
  get touched(): boolean {
    return this.#touched;
  }

  override _read(): void {
    this.#touched = true;
    if (!this.#attached) {
      this.#attached = true;
      this.#source.on('data', this.#onData);
      this.#source.on('end', this.#onEnd);
    }
    this.#source.resume();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#source.off('data', this.#onData);
    this.#source.off('end', this.#onEnd);
    // Nobody reads through this tap any more: the source must not flow into the void.
    this.#source.pause();
    callback(err);
  }
}
