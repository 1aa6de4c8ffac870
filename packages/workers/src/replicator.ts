import type { MetaStore, ReplicationJob } from '@strata/metastore-core';
import type { ObjectLayer } from '@strata/object-layer';
import { defaultReplicationBackoff, type BackoffPolicy } from './backoff.js';
import { recordFailure, type FailurePolicy } from './internal/record-failure.js';
import { mapClaimed, type ClaimLease } from './internal/claim-heartbeat.js';
import { PeriodicJob } from './internal/periodic-job.js';
import type { Job, JobOptions, JobRunResult } from './job.js';

/** Options of {@link createReplicator}. */
export interface ReplicatorOptions extends JobOptions {
  readonly store: MetaStore;
  /** Makes the copies (`layer.replicateCopy`), with the layer's placement and write discipline. */
  readonly layer: Pick<ObjectLayer, 'replicateCopy'>;
  /** Jobs claimed per batch (default 50). */
  readonly batchSize?: number;
  /**
   * How long a claimed job stays hidden from other workers without a heartbeat (default 1
   * minute): this worker extends it every third of it while the copy streams, so a big copy
   * keeps its job and the jobs of a killed instance come back within one lease.
   */
  readonly leaseMs?: number;
  /** Attempts before a job is dead-lettered (default 20: a backend can be down for a day). */
  readonly maxAttempts?: number;
  /** Delay before a failed job is retried (default {@link defaultReplicationBackoff}). */
  readonly backoff?: BackoffPolicy;
  /** Copies made in parallel within a batch (default 4). */
  readonly concurrency?: number;
}

/** What one replication run did. */
export interface ReplicatorResult extends JobRunResult {
  readonly claimed: number;
  /** New copies written and recorded. */
  readonly copied: number;
  /** Jobs with nothing left to do: the version is gone, or already has the copy. */
  readonly skipped: number;
  readonly retried: number;
  readonly dead: number;
  /** Jobs whose outcome could not be recorded (metastore error); their lease brings them back. */
  readonly errors: number;
}

type Outcome = 'copied' | 'skipped' | 'retried' | 'dead' | 'errors' | 'aborted';

/**
 * The replication worker: claims due jobs of the replication queue and has the object layer make
 * each copy (`replicateCopy`: streamed from any readable copy, verified, recorded with a
 * compare-and-swap on the version, never resurrecting an overwritten or deleted key). A failed
 * copy (the target down, over quota, the source unreadable) is retried with backoff, and after
 * `maxAttempts` dead-lettered. Default interval: 10 seconds.
 *
 * @example
 * ```ts
 * const replicator = createReplicator({ store, layer, logger });
 * replicator.start();
 * ```
 */
export function createReplicator(options: ReplicatorOptions): Job<ReplicatorResult> {
  const { store, layer, batchSize = 50, leaseMs = 60_000, concurrency = 4 } = options;
  const { clock = () => new Date(), logger } = options;
  if (!(batchSize > 0) || !(concurrency > 0)) {
    throw new RangeError('batchSize and concurrency must be positive');
  }
  const maxAttempts = options.maxAttempts ?? 20;
  const backoff = options.backoff ?? ((attempts: number) => defaultReplicationBackoff(attempts));
  const failures: FailurePolicy = {
    fail: (id, error, retryAt, max) => store.replication.fail(id, error, retryAt, max),
    clock,
    backoff,
    maxAttempts,
    logger,
    noun: 'replication job',
  };
  const one = async (job: ReplicationJob, signal: AbortSignal): Promise<Outcome> => {
    try {
      const outcome = await layer.replicateCopy({ ...job, signal });
      await store.replication.complete(job.id);
      return outcome.kind === 'copied' ? 'copied' : 'skipped';
    } catch (error) {
      if (signal.aborted) return 'aborted';
      return recordFailure(failures, job, error, {
        job: 'replicator',
        id: job.id,
        bucket: job.bucket,
        key: job.key,
        target: job.targetBackend,
      });
    }
  };
  const lease: ClaimLease = {
    job: 'replicator',
    leaseMs,
    extend: (ids, until) => store.replication.extendLease(ids, until),
    clock,
    logger,
  };
  return new PeriodicJob(
    'replicator',
    options.intervalMs ?? 10_000,
    logger,
    async (signal) => {
      const counts = { claimed: 0, copied: 0, skipped: 0, retried: 0, dead: 0, errors: 0 };
      while (!signal.aborted) {
        const jobs = await store.replication.claim(clock(), batchSize, leaseMs);
        counts.claimed += jobs.length;
        const outcomes = await mapClaimed(jobs, concurrency, lease, (job) => one(job, signal));
        for (const outcome of outcomes) if (outcome !== 'aborted') counts[outcome]++;
        if (jobs.length < batchSize) break;
      }
      return counts;
    },
    options.onRun,
  );
}
