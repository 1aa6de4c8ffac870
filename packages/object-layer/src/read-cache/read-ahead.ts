import { LRUCache } from 'lru-cache';
import type { ClaimedRun } from './block-stream.js';
import type { CachedBlob } from './cached-blob.js';

/** Claims the missing blocks from `index` up to `last` and opens a backend request for them. */
export type ClaimRun = (
  blob: CachedBlob,
  index: number,
  last: number,
  signal: AbortSignal,
) => ClaimedRun | undefined;

/** Read-ahead fetches under way at once, across every blob; more are not started. */
const MAX_PENDING = 8;
/** Blobs whose last read is remembered (to tell a sequential reader). */
const REMEMBERED = 4096;

/**
 * Read-ahead for sequential readers: when a read of a blob starts where the previous read of it
 * ended, the `blocks` blocks after it that are missing are fetched in the background, so the next
 * read finds them cached. Random readers (Parquet's column chunks) never trigger it. The fetches
 * belong to this object: {@link ReadAhead.close} cancels them and waits for them.
 */
export class ReadAhead {
  readonly #blocks: number;
  readonly #keyOf: (blob: CachedBlob) => string;
  readonly #claim: ClaimRun;
  readonly #onFetched: (blob: CachedBlob, blocks: number) => void;
  readonly #lastRead = new LRUCache<string, number>({ max: REMEMBERED });
  readonly #controller = new AbortController();
  readonly #pending = new Set<Promise<void>>();

  constructor(
    blocks: number,
    keyOf: (blob: CachedBlob) => string,
    claim: ClaimRun,
    onFetched: (blob: CachedBlob, blocks: number) => void,
  ) {
    this.#blocks = blocks;
    this.#keyOf = keyOf;
    this.#claim = claim;
    this.#onFetched = onFetched;
  }

  /** Told of each read's first and last block; fetches ahead when it continues the last one. */
  observe(blob: CachedBlob, first: number, last: number, lastOfBlob: number): void {
    if (this.#blocks === 0 || this.#controller.signal.aborted) return;
    const key = this.#keyOf(blob);
    const previous = this.#lastRead.get(key);
    this.#lastRead.set(key, last);
    if (previous === undefined || first < previous || first > previous + 1) return;
    const end = Math.min(last + this.#blocks, lastOfBlob);
    let index = last + 1;
    while (index <= end && this.#pending.size < MAX_PENDING) {
      const claimed = this.#claim(blob, index, end, this.#controller.signal);
      if (claimed === undefined) {
        index += 1;
        continue;
      }
      this.#drain(blob, claimed);
      index = claimed.last + 1;
    }
  }

  /** Cancels the fetches under way and waits for them to settle. Idempotent. */
  async close(): Promise<void> {
    this.#controller.abort();
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Reads a run into the cache with nobody waiting on it; its failure is only a miss later. */
  #drain(blob: CachedBlob, claimed: ClaimedRun): void {
    const drained = claimed.opened.then(
      async (run) => {
        let fetched = 0;
        try {
          while (run.nextIndex !== undefined) {
            await run.next();
            fetched += 1;
          }
        } catch {
          // The blocks not fetched are fetched by the read that wants them.
        } finally {
          run.close();
          this.#onFetched(blob, fetched);
        }
      },
      () => undefined,
    );
    const settled = drained.finally(() => this.#pending.delete(settled));
    this.#pending.add(settled);
  }
}
