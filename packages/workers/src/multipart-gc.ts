import type { MetaStore, MultipartUploadRow } from '@strata/metastore-core';
import { PeriodicJob } from './internal/periodic-job.js';
import type { Job, JobOptions, JobRunResult } from './job.js';

/** Cleanup reason recorded for the parts of an abandoned multipart upload. */
export const MULTIPART_ABANDONED_REASON = 'multipart-abandoned';

const HOUR_MS = 3_600_000;

/** Options of {@link createMultipartGc}. */
export interface MultipartGcOptions extends JobOptions {
  readonly store: MetaStore;
  /** Age after which an active (never completed) upload is abandoned (default 7 days). */
  readonly maxAgeMs?: number;
  /**
   * How long a completed upload's row is kept so a retried CompleteMultipartUpload gets the same
   * answer (default 1 day).
   */
  readonly completedRetentionMs?: number;
  /** Rows examined per page (default 100). */
  readonly batchSize?: number;
}

/** What one GC run did. */
export interface MultipartGcResult extends JobRunResult {
  /** Active uploads abandoned: row deleted, backend upload queued for abort. */
  readonly abandoned: number;
  /** Completed upload rows past their retention, deleted. */
  readonly purged: number;
}

/**
 * Garbage-collects multipart uploads. An active upload older than `maxAgeMs` is abandoned with
 * `uploads.retire` (in one transaction its row and parts are deleted and a cleanup job is
 * enqueued to abort the backend-native upload; the cleanup processor does the backend I/O,
 * outside any transaction). A completed upload's row is deleted once `completedRetentionMs` has
 * passed. Each row is re-read inside its transaction, so an upload completed meanwhile is never
 * abandoned. The two states are listed separately, each by its own cutoff.
 * Default interval: one hour.
 *
 * @example
 * ```ts
 * const gc = createMultipartGc({ store, maxAgeMs: 7 * 86_400_000 });
 * gc.start();
 * ```
 */
export function createMultipartGc(options: MultipartGcOptions): Job<MultipartGcResult> {
  const { store, batchSize = 100, clock = () => new Date() } = options;
  const maxAgeMs = options.maxAgeMs ?? 7 * 24 * HOUR_MS;
  const completedRetentionMs = options.completedRetentionMs ?? 24 * HOUR_MS;
  if (!(batchSize > 0)) throw new RangeError('batchSize must be positive');
  return new PeriodicJob(
    'multipart-gc',
    options.intervalMs ?? HOUR_MS,
    options.logger,
    async (signal) => {
      const now = clock().getTime();
      // Two queries with their own cutoffs, so a backlog of one state never starves the other.
      const abandoned = await drain(
        signal,
        () => store.uploads.listAbandoned(new Date(now - maxAgeMs), batchSize),
        (row) => store.uploads.retire(row.uploadId, MULTIPART_ABANDONED_REASON),
      );
      const purged = await drain(
        signal,
        () => store.uploads.listCompleted(new Date(now - completedRetentionMs), batchSize),
        (row) => purge(store, row.uploadId),
      );
      return { abandoned, purged };
    },
    options.onRun,
  );
}

/**
 * Lists and collects pages until a page comes back empty, or collects nothing (rows that changed
 * state since they were listed are skipped and would be listed again). Resolves with the count.
 */
async function drain(
  signal: AbortSignal,
  list: () => Promise<MultipartUploadRow[]>,
  collect: (row: MultipartUploadRow) => Promise<unknown>,
): Promise<number> {
  let count = 0;
  while (!signal.aborted) {
    let collected = 0;
    for (const row of await list()) {
      if (signal.aborted) break;
      if ((await collect(row)) !== undefined) collected++;
    }
    count += collected;
    if (collected === 0) break;
  }
  return count;
}

/** Deletes a completed upload's row, re-read in the transaction; `undefined` when not completed. */
function purge(store: MetaStore, uploadId: string): Promise<true | undefined> {
  return store.transaction(async (tx) => {
    const upload = await tx.uploads.get(uploadId);
    if (upload?.state !== 'completed') return undefined;
    await tx.uploads.delete(uploadId);
    return true;
  });
}
