import type { MetaStore } from '@strata/metastore-core';
import { PeriodicJob } from './internal/periodic-job.js';
import type { Job, JobOptions, JobRunResult } from './job.js';

/** Options of {@link createPendingWriteReaper}. */
export interface PendingWriteReaperOptions extends JobOptions {
  readonly store: MetaStore;
  /** Intents moved per transaction (default 100). */
  readonly batchSize?: number;
}

/** What one reaper run did. */
export interface PendingWriteReaperResult extends JobRunResult {
  /** Expired intents turned into cleanup jobs. */
  readonly expired: number;
}

/**
 * The pending-write reaper: turns write intents whose expiry has passed (a writer that crashed or
 * hung between "intent" and "commit") into cleanup jobs, batch by batch, until none are left.
 * Each batch is one atomic `store.intents.expire` call, so an intent is never lost nor enqueued
 * twice; the cleanup processor then deletes the blobs. Default interval: one minute.
 *
 * @example
 * ```ts
 * const reaper = createPendingWriteReaper({ store, intervalMs: 60_000, logger: console });
 * reaper.start();
 * // …
 * await reaper.close();
 * ```
 */
export function createPendingWriteReaper(
  options: PendingWriteReaperOptions,
): Job<PendingWriteReaperResult> {
  const { store, batchSize = 100, clock = () => new Date() } = options;
  if (!(batchSize > 0)) throw new RangeError('batchSize must be positive');
  return new PeriodicJob(
    'pending-write-reaper',
    options.intervalMs ?? 60_000,
    options.logger,
    async (signal) => {
      let expired = 0;
      while (!signal.aborted) {
        const moved = await store.intents.expire(clock(), batchSize);
        expired += moved.length;
        if (moved.length < batchSize) break;
      }
      return { expired };
    },
    options.onRun,
  );
}
