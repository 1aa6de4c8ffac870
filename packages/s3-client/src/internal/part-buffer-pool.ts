/**
 * A fixed set of part buffers for one upload: at most `capacity` buffers of `bufferSize` bytes,
 * each allocated on first use (a small body never allocates the rest) and then reused for part
 * after part. The caller takes one only when it knows one is free (the upload loop counts the
 * parts it holds), so taking never waits.
 */
export class PartBufferPool {
  readonly bufferSize: number;
  readonly capacity: number;
  readonly #free: Buffer[] = [];
  #allocated = 0;

  constructor(bufferSize: number, capacity: number) {
    this.bufferSize = bufferSize;
    this.capacity = capacity;
  }

  /** Buffers allocated so far (never more than `capacity`). */
  get allocated(): number {
    return this.#allocated;
  }

  /**
   * A free buffer. Its bytes are stale: only what `fill` writes is ever sent.
   *
   * @throws Error when all `capacity` buffers are taken (a bug of the caller's accounting).
   */
  take(): Buffer {
    const free = this.#free.pop();
    if (free !== undefined) return free;
    if (this.#allocated >= this.capacity) {
      throw new Error(`all ${this.capacity} part buffers are in use`);
    }
    this.#allocated++;
    // Unzeroed: zeroing a part's worth of memory that `fill` overwrites anyway is wasted work.
    return Buffer.allocUnsafeSlow(this.bufferSize);
  }

  /**
   * Returns a buffer for reuse. Call only once no request reads it any more: its part's request
   * settled (on success the service has read every byte; on failure undici destroyed the socket
   * with whatever it still held).
   */
  give(buffer: Buffer): void {
    this.#free.push(buffer);
  }
}
