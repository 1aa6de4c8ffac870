import { Readable } from 'node:stream';

/**
 * Reads a caller's stream part by part, pulling only when a part is asked for, so a slow
 * network slows the source down (backpressure). Chunks are copied into the caller's buffers
 * ({@link BodyReader.fill}) or passed on as they are ({@link BodyReader.slice}); a chunk that
 * straddles two parts is split without a copy and its rest kept for the next part.
 */
export class BodyReader {
  readonly #chunks: AsyncIterator<unknown>;
  #rest: Buffer | undefined;
  #ended = false;
  #bytes = 0;

  constructor(body: Readable) {
    this.#chunks = body[Symbol.asyncIterator]();
  }

  /** Bytes handed out so far. */
  get bytesRead(): number {
    return this.#bytes;
  }

  /**
   * Copies the next bytes of the body into `target` until it is full or the body ends.
   *
   * @returns the bytes copied (fewer than `target.length` only at the end of the body).
   * @throws the body's error.
   */
  async fill(target: Buffer): Promise<number> {
    let at = 0;
    while (at < target.length) {
      const chunk = await this.#take(target.length - at);
      if (chunk === undefined) break;
      chunk.copy(target, at);
      at += chunk.length;
    }
    return at;
  }

  /** Whether the body has no byte left (reads ahead one chunk to know). */
  async ended(): Promise<boolean> {
    const chunk = await this.#next();
    if (chunk === undefined) return true;
    this.#rest = chunk;
    return false;
  }

  /**
   * A stream of the next `length` bytes, read as it is read. With `last`, it checks that the
   * body ends there before passing on its final chunk, so a body longer than its declared size
   * fails the request before the service has every byte (and cannot store a cut object).
   * It fails with a RangeError when the body ends early or runs on past a `last` part.
   */
  slice(length: number, last: boolean): Readable {
    const chunks = async function* (this: BodyReader): AsyncGenerator<Buffer> {
      let left = length;
      if (left === 0 && last && !(await this.ended())) {
        throw new RangeError('the body is longer than its declared 0 bytes');
      }
      while (left > 0) {
        const chunk = await this.#take(left);
        if (chunk === undefined) {
          throw new RangeError(`the body ended after ${this.#bytes} bytes, before its length`);
        }
        left -= chunk.length;
        if (left === 0 && last && !(await this.ended())) {
          throw new RangeError(`the body is longer than its declared ${this.#bytes} bytes`);
        }
        yield chunk;
      }
    };
    return Readable.from(chunks.call(this), { objectMode: false });
  }

  /** Stops reading: the body is destroyed if it has not ended (a `for await` break). */
  async close(): Promise<void> {
    await this.#chunks.return?.();
  }

  // The next non-empty chunk of at most `max` bytes, its rest kept for later.
  async #take(max: number): Promise<Buffer | undefined> {
    const chunk = await this.#next();
    if (chunk === undefined) return undefined;
    if (chunk.length > max) this.#rest = chunk.subarray(max);
    const taken = chunk.length > max ? chunk.subarray(0, max) : chunk;
    this.#bytes += taken.length;
    return taken;
  }

  async #next(): Promise<Buffer | undefined> {
    const rest = this.#rest;
    if (rest !== undefined) {
      this.#rest = undefined;
      return rest;
    }
    while (!this.#ended) {
      const next = await this.#chunks.next();
      if (next.done === true) {
        this.#ended = true;
        break;
      }
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as string);
      if (chunk.length > 0) return chunk;
    }
    return undefined;
  }
}
