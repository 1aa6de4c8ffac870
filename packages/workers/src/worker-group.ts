import type { Job, JobStatus } from './job.js';
import { withLease, type WorkerLeaseOptions } from './with-lease.js';

/** Options of {@link createWorkerGroup}. */
export interface WorkerGroupOptions {
  /**
   * Guards every job with its own lease (`worker:<job name>`, see {@link withLease}), so that
   * among the instances sharing the metastore each job runs periodically on one at a time.
   * Without it, every instance runs every job.
   */
  readonly lease?: WorkerLeaseOptions | undefined;
}

/** Several jobs started and closed together. */
export interface WorkerGroup extends AsyncDisposable {
  /** The group's jobs (lease-guarded when the group was given `lease`). */
  readonly jobs: readonly Job[];
  /** Starts every job (each runs at once, or once it holds its lease, then on its own interval). */
  start(): void;
  /**
   * Each job's state, in the order of `jobs`: runs so far, last run, last result or error and,
   * with leases, whether this instance holds the job's lease and who does. Never rejects for a
   * metastore that cannot be read (the lease's `lastError` says why).
   */
  status(): Promise<JobStatus[]>;
  /** Closes every job, in parallel, waiting for in-flight runs (then releasing leases). Idempotent. */
  close(): Promise<void>;
}

/**
 * Groups jobs so their owner (the gateway) starts and stops them as one. With `lease`, each job
 * runs periodically only on the instance holding its lease, and another instance takes over when
 * that one stops, dies or loses the metastore. `close()` waits for every job even when one of them
 * fails to close, then rethrows the first failure.
 *
 * @throws RangeError when `lease` has a bad `ttlMs` or an empty `holder`.
 * @example
 * ```ts
 * await using workers = createWorkerGroup([reaper, cleanup, multipartGc], {
 *   lease: { leases: store.leases, holder: `${hostname()}:${process.pid}:${randomUUID()}`, ttlMs: 30_000 },
 * });
 * workers.start();
 * console.log(await workers.status());
 * ```
 */
export function createWorkerGroup(
  jobs: readonly Job[],
  options: WorkerGroupOptions = {},
): WorkerGroup {
  const { lease } = options;
  const members = lease ? jobs.map((job) => withLease(job, lease)) : jobs;
  let closing: Promise<void> | undefined;
  const group: WorkerGroup = {
    jobs: members,
    start() {
      if (closing) return;
      for (const job of members) job.start();
    },
    status: () => Promise.all(members.map((job) => job.status())),
    close() {
      closing ??= Promise.allSettled(members.map((job) => job.close())).then((results) => {
        const failed = results.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
      });
      return closing;
    },
    [Symbol.asyncDispose]: () => group.close(),
  };
  return group;
}
