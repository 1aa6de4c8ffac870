import { Readable } from 'node:stream';
import type { ByteRange } from '@strata/backend-pool';
import type { BlockRun } from './block-run.js';
import type { CachedBlob } from './cached-blob.js';

/** What a {@link BlockStream} asks of the cache. */
export interface BlockLookup {
  readonly blockSize: number;
  /** A cached block (memory, disk, or another reader's fetch of it), else `undefined`. */
  lookup(blob: CachedBlob, index: number): Promise<Buffer | undefined>;
  /**
   * Claims `index` and the missing blocks after it, up to `last`, and opens one backend request
   * for them; `undefined` (nothing claimed) when `index` was cached or claimed by another read
   * since the lookup, unless `force`.
   */
  startRun(
    blob: CachedBlob,
    index: number,
    last: number,
    signal: AbortSignal,
    force: boolean,
  ): Promise<BlockRun> | undefined;
  /** Counts `bytes` of a read served from the cache (`hit`) or fetched from the backend. */
  count(blob: CachedBlob, hit: boolean, bytes: number): void;
}

/** Lookups of one block before it is fetched even though another read claims it meanwhile. */
const MAX_TURNS = 3;

/**
 * The bytes `range` of one blob, assembled from cached blocks and backend runs for the missing
 * ones. {@link BlockStream.prime} gets the first block before the stream is handed out, so a
 * backend that cannot serve the blob fails the open (and the read moves to another copy) rather
 * than the body. The stream owns its current run and its abort controller: destroying it
 * cancels the backend request.
 */
export class BlockStream extends Readable {
  readonly #cache: BlockLookup;
  readonly #blob: CachedBlob;
  readonly #range: ByteRange;
  readonly #last: number;
  readonly #controller = new AbortController();
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.destroy(abortError(this.#signal));
  #index: number;
  #ready: Buffer | undefined;
  #run: BlockRun | undefined;
  #pumping = false;

  constructor(cache: BlockLookup, blob: CachedBlob, range: ByteRange, signal?: AbortSignal) {
    super();
    this.#cache = cache;
    this.#blob = blob;
    this.#range = range;
    this.#index = Math.floor(range.start / cache.blockSize);
    this.#last = Math.floor(range.end / cache.blockSize);
    this.#signal = signal;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Gets the first block; the stream is destroyed when that fails. @throws its error */
  async prime(): Promise<void> {
    try {
      this.#signal?.throwIfAborted();
      this.#ready = await this.#block(this.#index);
    } catch (error) {
      this.destroy();
      throw error;
    }
  }

  override _read(): void {
    if (!this.#pumping) void this.#pump();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#controller.abort();
    this.#run?.close();
    this.#run = undefined;
    callback(error);
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#index <= this.#last) {
        const block = this.#ready ?? (await this.#block(this.#index));
        this.#ready = undefined;
        if (this.destroyed) return;
        const offset = this.#index * this.#cache.blockSize;
        const from = Math.max(this.#range.start - offset, 0);
        const to = Math.min(this.#range.end - offset + 1, block.length);
        this.#index += 1;
        if (!this.push(block.subarray(from, to))) return;
      }
      this.push(null);
    } catch (error) {
      this.destroy(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.#pumping = false;
    }
  }

  async #block(index: number): Promise<Buffer> {
    const bytes = this.#served(index);
    if (this.#run?.nextIndex === index) {
      this.#cache.count(this.#blob, false, bytes);
      return this.#run.next();
    }
    this.#run?.close();
    this.#run = undefined;
    // A lookup and a claim are not one step: another read may claim the block in between, and
    // is then waited for on the next turn.
    for (let turn = 0; ; turn += 1) {
      const cached = await this.#cache.lookup(this.#blob, index);
      if (cached !== undefined) {
        this.#cache.count(this.#blob, true, bytes);
        return cached;
      }
      const claimed = this.#cache.startRun(
        this.#blob,
        index,
        this.#last,
        this.#controller.signal,
        turn >= MAX_TURNS,
      );
      if (claimed === undefined) continue;
      const run = await claimed;
      if (this.destroyed) {
        run.close();
        throw new Error('the read was destroyed');
      }
      this.#run = run;
      this.#cache.count(this.#blob, false, bytes);
      return run.next();
    }
  }

  /** Bytes of block `index` this read delivers. */
  #served(index: number): number {
    const offset = index * this.#cache.blockSize;
    const from = Math.max(this.#range.start, offset);
    const to = Math.min(this.#range.end, offset + this.#cache.blockSize - 1);
    return to - from + 1;
  }
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('the read was aborted');
}
