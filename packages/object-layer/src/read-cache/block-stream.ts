import { Readable } from 'node:stream';
import type { ByteRange } from '@strata/backend-pool';
import type { BlockRun } from './block-run.js';
import type { CachedBlob } from './cached-blob.js';

/** Blocks one read claimed and one backend request being opened for them. */
export interface ClaimedRun {
  readonly first: number;
  readonly last: number;
  /** The open request; a failure to open rejects it (and the claimed blocks' waiters). */
  readonly opened: Promise<BlockRun>;
}

/** What a {@link BlockStream} asks of the cache. */
export interface BlockLookup {
  readonly blockSize: number;
  /** A cached block (memory, disk, or another read's fetch of it), else `undefined`. */
  lookup(blob: CachedBlob, index: number): Promise<Buffer | undefined>;
  /**
   * Claims `index` and the missing blocks after it, up to `last`, and opens one backend request
   * for them; `undefined` (nothing claimed) when `index` is cached or claimed by another read,
   * unless `force`.
   */
  startRun(
    blob: CachedBlob,
    index: number,
    last: number,
    signal: AbortSignal,
    force: boolean,
  ): ClaimedRun | undefined;
  /** Counts `bytes` of a read served from the cache (`hit`) or fetched from the backend. */
  count(blob: CachedBlob, hit: boolean, bytes: number): void;
}

/** Lookups of one block before it is fetched even though another read claims it meanwhile. */
const MAX_TURNS = 3;
/**
 * Runs of missing blocks one read opens ahead of the block it is at. The engines that read
 * Parquet send their ranged GETs in parallel, and two of them often share a block: a read
 * waiting for another's fetch of that block must not wait for it before asking for its own
 * missing blocks too, or the backend's latency is paid twice, one after the other.
 */
const RUNS_AHEAD = 4;
/**
 * How far past the block it is at a read looks for runs to request: a run opened far ahead of
 * its reader idles on its connection (which a backend may close) until the reader gets there.
 */
const PLAN_HORIZON = 16;

/**
 * The bytes `range` of one blob, assembled from cached blocks and backend runs for the missing
 * ones, up to {@link RUNS_AHEAD} of those runs requested at once. {@link BlockStream.prime}
 * gets the first block before the stream is handed out, so a backend that cannot serve the blob
 * fails the open (and the read moves to another copy) rather than the body. The stream owns its
 * runs and its abort controller: destroying it cancels their backend requests.
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
  /** Claimed runs at or after `#index`, in block order. */
  readonly #runs: ClaimedRun[] = [];
  /** The first block the planning of runs has not looked at yet. */
  #planFrom: number;
  #pumping = false;

  constructor(cache: BlockLookup, blob: CachedBlob, range: ByteRange, signal?: AbortSignal) {
    super();
    this.#cache = cache;
    this.#blob = blob;
    this.#range = range;
    this.#index = Math.floor(range.start / cache.blockSize);
    this.#last = Math.floor(range.end / cache.blockSize);
    this.#planFrom = this.#index;
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
    for (const claimed of this.#runs.splice(0)) closeWhenOpen(claimed);
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
    this.#plan(index);
    const own = await this.#fromOwnRun(index);
    if (own !== undefined) {
      this.#cache.count(this.#blob, false, bytes);
      return own;
    }
    // Cached, fetched by another read, or (when that fetch failed) claimed and fetched now. A
    // lookup and a claim are not one step: another read may claim the block in between, and is
    // then waited for on the next turn.
    for (let turn = 0; ; turn += 1) {
      const cached = await this.#cache.lookup(this.#blob, index);
      if (cached !== undefined) {
        this.#cache.count(this.#blob, true, bytes);
        return cached;
      }
      const claimed = this.#claim(index, turn >= MAX_TURNS);
      if (claimed === undefined) continue;
      this.#runs.unshift(claimed);
      const block = await this.#fromOwnRun(index);
      if (block === undefined) throw new Error('a block run ended before its first block');
      this.#cache.count(this.#blob, false, bytes);
      return block;
    }
  }

  /** Claims the missing runs among the next blocks, keeping {@link RUNS_AHEAD} requested. */
  #plan(index: number): void {
    this.#planFrom = Math.max(this.#planFrom, index);
    const horizon = Math.min(this.#last, index + PLAN_HORIZON);
    while (this.#runs.length < RUNS_AHEAD && this.#planFrom <= horizon) {
      const claimed = this.#claim(this.#planFrom, false);
      if (claimed === undefined) {
        this.#planFrom += 1;
        continue;
      }
      this.#runs.push(claimed);
      this.#planFrom = claimed.last + 1;
    }
  }

  #claim(index: number, force: boolean): ClaimedRun | undefined {
    const claimed = this.#cache.startRun(
      this.#blob,
      index,
      this.#last,
      this.#controller.signal,
      force,
    );
    // A run opened ahead may fail while nobody awaits it yet: never an unhandled rejection.
    claimed?.opened.catch(() => undefined);
    return claimed;
  }

  /**
   * Block `index` from this read's own run covering it, `undefined` when none does (or it broke
   * before reaching it: the block is then looked up and claimed again).
   *
   * @throws the run's failure to open, or its stream's error while reading the block.
   */
  async #fromOwnRun(index: number): Promise<Buffer | undefined> {
    while (this.#runs[0] !== undefined && this.#runs[0].last < index) this.#runs.shift();
    const claimed = this.#runs[0];
    if (claimed === undefined || claimed.first > index) return undefined;
    const run = await claimed.opened;
    if (this.destroyed) throw new Error('the read was destroyed');
    return run.nextIndex === index ? run.next() : undefined;
  }

  /** Bytes of block `index` this read delivers. */
  #served(index: number): number {
    const offset = index * this.#cache.blockSize;
    const from = Math.max(this.#range.start, offset);
    const to = Math.min(this.#range.end, offset + this.#cache.blockSize - 1);
    return to - from + 1;
  }
}

/** Closes a claimed run once its request is open (at once if it is). */
function closeWhenOpen(claimed: ClaimedRun): void {
  claimed.opened.then(
    (run) => run.close(),
    () => undefined,
  );
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('the read was aborted');
}
