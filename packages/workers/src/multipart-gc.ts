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
 * Garbage-collects multipart uploads. An active upload older than `maxAgeMs` is abandoned: in
 * one transaction its row (and parts) is deleted and a cleanup job is enqueued to abort the
 * backend-native upload (the cleanup processor does the backend I/O, outside any transaction).
 * A completed upload's row is deleted once `completedRetentionMs` has passed. Each row is
 * re-read inside its transaction, so an upload completed meanwhile is never abandoned.
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
      const activeBefore = now - maxAgeMs;
      const completedBefore = now - completedRetentionMs;
      const counts = { abandoned: 0, purged: 0 };
      // `listStale(before)` has one cutoff for both states, so the two cutoffs take two passes;
      // each pass keeps only the rows that are stale under their own state's rule.
      for (const before of new Set([activeBefore, completedBefore])) {
        const isStale = (row: MultipartUploadRow) =>
          row.state === 'active'
            ? row.initiatedAt.getTime() < activeBefore
            : before <= completedBefore;
        while (!signal.aborted) {
          const page = (await store.uploads.listStale(new Date(before), batchSize)).filter(isStale);
          for (const row of page) {
            if (signal.aborted) break;
            const outcome = await collect(store, row.uploadId);
            if (outcome !== undefined) counts[outcome]++;
          }
          // A page with nothing to collect would come back identical: stop this pass.
          if (page.length === 0) break;
        }
      }
      return counts;
    },
  );
}

/** Collects one upload in one transaction; resolves with what was done, if anything. */
function collect(store: MetaStore, uploadId: string): Promise<'abandoned' | 'purged' | undefined> {
  return store.transaction(async (tx) => {
    // Re-read: the upload may have been completed or aborted since it was listed.
    const upload = await tx.uploads.get(uploadId);
    if (upload === undefined) return undefined;
    if (upload.state === 'completed') {
      await tx.uploads.delete(uploadId);
      return 'purged';
    }
    // The parts' bytes are what the backend still holds: count them as orphan bytes until the
    // cleanup job has aborted the upload.
    const parts = await tx.uploads.parts(uploadId);
    await tx.cleanup.enqueue({
      backend: upload.backend,
      blob: upload.blob,
      size: parts.reduce((sum, part) => sum + part.size, 0),
      reason: MULTIPART_ABANDONED_REASON,
      backendUploadId: upload.backendUploadId,
    });
    await tx.uploads.delete(uploadId);
    return 'abandoned';
  });
}
