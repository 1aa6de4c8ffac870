import type { Readable } from 'node:stream';

/** One block a run fetches, and the readers waiting for it elsewhere (single-flight). */
export interface RunBlock {
  readonly index: number;
  readonly bytes: number;
  readonly resolve: (block: Buffer) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One backend range request covering consecutive missing blocks (coalesced misses), cut into
 * blocks as its bytes arrive. The run owns the backend stream: {@link BlockRun.close} destroys it,
 * and the blocks it did not deliver are rejected to whoever waits for them. Reading is pulled by
 * {@link BlockRun.next}, so the backend stream is paused while the reader is.
 */
export class BlockRun {
  readonly #stream: Readable;
  readonly #chunks: AsyncIterator<Buffer>;
  readonly #blocks: readonly RunBlock[];
  readonly #onBlock: (index: number, block: Buffer) => void;
  #at = 0;
  #leftover: Buffer | undefined;
  #closed = false;

  constructor(
    stream: Readable,
    blocks: readonly RunBlock[],
    onBlock: (index: number, block: Buffer) => void,
  ) {
    this.#stream = stream;
    // The iterator listens for the stream's errors from here on; `close` destroys the stream.
    this.#chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.#blocks = blocks;
    this.#onBlock = onBlock;
  }

  /** The block index {@link BlockRun.next} reads, or `undefined` when the run is done. */
  get nextIndex(): number | undefined {
    return this.#closed ? undefined : this.#blocks[this.#at]?.index;
  }

  /**
   * Reads the next whole block, hands it to `onBlock` and to the readers waiting for it.
   *
   * @throws the backend stream's error, or an Error when it ends short of the block (the run is
   *   then closed, its remaining blocks rejected).
   */
  async next(): Promise<Buffer> {
    const wanted = this.#blocks[this.#at];
    if (this.#closed || wanted === undefined) throw new Error('the block run is over');
    try {
      const block = await this.#fill(wanted.bytes);
      this.#at += 1;
      this.#onBlock(wanted.index, block);
      wanted.resolve(block);
      if (this.#at === this.#blocks.length) this.close();
      return block;
    } catch (error) {
      this.close(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  /** Destroys the backend stream and rejects the blocks not delivered yet. Idempotent. */
  close(error: Error = new Error('the block run was closed')): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stream.destroy();
    for (const block of this.#blocks.slice(this.#at)) block.reject(error);
  }

  async #fill(bytes: number): Promise<Buffer> {
    // Not from Node's shared pool: a small last block would keep a whole pool slab alive in the
    // memory tier, beyond what its size accounts for.
    const block = Buffer.allocUnsafeSlow(bytes);
    let filled = 0;
    while (filled < bytes) {
      let chunk = this.#leftover;
      this.#leftover = undefined;
      if (chunk === undefined) {
        const read = await this.#chunks.next();
        if (read.done === true) {
          throw new Error(`the backend ended ${bytes - filled} bytes short of a cached block`);
        }
        chunk = read.value;
      }
      const take = Math.min(chunk.length, bytes - filled);
      chunk.copy(block, filled, 0, take);
      filled += take;
      if (take < chunk.length) this.#leftover = chunk.subarray(take);
    }
    return block;
  }
}
