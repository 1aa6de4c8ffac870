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
  readonly #onReadable = (): void => this.#pump();
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
      this.#source.on('readable', this.#onReadable);
      this.#source.on('end', this.#onEnd);
    }
    this.#pump();
  }

  #pump(): void {
    let chunk: unknown;
    while ((chunk = this.#source.read()) !== null) {
      if (!this.push(chunk)) return;
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#source.off('readable', this.#onReadable);
    this.#source.off('end', this.#onEnd);
    callback(err);
  }
}
