import type { ObjectBackend } from '@strata/backend-pool';
import type { MetaStore } from '@strata/metastore-core';
import { defaultCleanupBackoff } from './backoff.js';
import type { BackoffPolicy } from './backoff.js';
import { mapClaimed, type ClaimLease } from './internal/claim-heartbeat.js';
import { PeriodicJob } from './internal/periodic-job.js';
import { processCleanupJob } from './internal/process-cleanup-job.js';
import type { Job, JobOptions, JobRunResult } from './job.js';

/** Backends by name: a map, or a lookup function (a pool that changes at runtime). */
export type BackendResolver =
  ReadonlyMap<string, ObjectBackend> | ((name: string) => ObjectBackend | undefined);

/** Options of {@link createCleanupProcessor}. */
export interface CleanupProcessorOptions extends JobOptions {
  readonly store: MetaStore;
  readonly backends: BackendResolver;
  /** Jobs claimed per batch (default 100). */
  readonly batchSize?: number;
  /**
   * How long a claimed job stays hidden from other workers without a heartbeat (default 1
   * minute): this worker extends it every third of it while the job runs, so it bounds how long
   * the jobs of a killed instance wait, not how long a job may take.
   */
  readonly leaseMs?: number;
  /** Attempts before a job is dead-lettered (default 10). */
  readonly maxAttempts?: number;
  /** Delay before a failed job is retried (default {@link defaultCleanupBackoff}). */
  readonly backoff?: BackoffPolicy;
  /** Jobs processed in parallel within a batch (default 4). */
  readonly concurrency?: number;
}

/** What one cleanup run did. */
export interface CleanupProcessorResult extends JobRunResult {
  readonly claimed: number;
  /** Blobs deleted (or already gone). */
  readonly deleted: number;
  /** Jobs dropped because a committed copy or a pending write still points at their blob. */
  readonly referenced: number;
  /** Jobs that failed and were rescheduled. */
  readonly retried: number;
  /** Jobs that failed for the last time and were dead-lettered. */
  readonly dead: number;
  /** Jobs whose outcome could not be recorded (metastore error); their lease brings them back. */
  readonly errors: number;
}

/**
 * The cleanup-queue processor: claims due jobs and deletes their blobs. The claim itself
 * (`cleanup.claimDeletable`) proves, in its transaction, that no object copy and no write intent
 * references a job's blob, and drops the jobs whose blob is referenced, so cleanup can never
 * destroy live data. For each claimed job it aborts the backend-native multipart
 * upload when the job names one, then deletes the blob. Success completes the job; failure
 * reschedules it with backoff, and after `maxAttempts` dead-letters it (its bytes stay counted as
 * orphan bytes). An unknown backend is a failure too. Default interval: 10 seconds.
 *
 * @example
 * ```ts
 * const cleanup = createCleanupProcessor({ store, backends: new Map([['local', fsBackend]]) });
 * cleanup.start();
 * ```
 */
export function createCleanupProcessor(
  options: CleanupProcessorOptions,
): Job<CleanupProcessorResult> {
  const { store, batchSize = 100, leaseMs = 60_000, concurrency = 4 } = options;
  const { clock = () => new Date(), logger } = options;
  if (!(batchSize > 0) || !(concurrency > 0)) {
    throw new RangeError('batchSize and concurrency must be positive');
  }
  const resolve = toResolver(options.backends);
  const context = {
    store,
    resolve,
    clock,
    logger,
    maxAttempts: options.maxAttempts ?? 10,
    backoff: options.backoff ?? ((attempts: number) => defaultCleanupBackoff(attempts)),
  };
  const lease: ClaimLease = {
    job: 'cleanup-processor',
    leaseMs,
    extend: (ids, until) => store.cleanup.extendLease(ids, until),
    clock,
    logger,
  };
  return new PeriodicJob(
    'cleanup-processor',
    options.intervalMs ?? 10_000,
    logger,
    async (signal) => {
      const counts = { claimed: 0, deleted: 0, referenced: 0, retried: 0, dead: 0, errors: 0 };
      while (!signal.aborted) {
        const { jobs, referenced } = await store.cleanup.claimDeletable(
          clock(),
          batchSize,
          leaseMs,
        );
        counts.claimed += jobs.length + referenced.length;
        counts.referenced += referenced.length;
        for (const job of referenced) {
          logger?.warn(
            { job: 'cleanup-processor', id: job.id, backend: job.backend, blob: job.blob },
            'cleanup job names a referenced blob; dropped without deleting',
          );
        }
        const outcomes = await mapClaimed(jobs, concurrency, lease, (job) =>
          processCleanupJob(job, context, signal),
        );
        for (const outcome of outcomes) if (outcome !== 'aborted') counts[outcome]++;
        if (jobs.length + referenced.length < batchSize) break;
      }
      return counts;
    },
    options.onRun,
  );
}

function toResolver(backends: BackendResolver): (name: string) => ObjectBackend | undefined {
  return typeof backends === 'function' ? backends : (name) => backends.get(name);
}
