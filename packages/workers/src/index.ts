/**
 * `@strata/workers`: Strata's background jobs, each a small {@link Job} with `runOnce()`,
 * `start()` and `close()`:
 *
 * - {@link createPendingWriteReaper}: expired write intents → cleanup jobs;
 * - {@link createCleanupProcessor}: cleanup jobs → blob deletions (retry, backoff, dead letters),
 *   never deleting a blob a committed object references;
 * - {@link createMultipartGc}: abandoned multipart uploads → cleanup jobs; old completed rows
 *   purged;
 * - {@link createReplicator}: replication jobs → extra copies of objects on other backends;
 * - {@link createDrainer}: copies on `draining` backends → moved to other backends;
 * - {@link createLifecycleWorker}: buckets' lifecycle rules → expired versions, removed delete
 *   markers, aborted uploads;
 * - {@link createScrubber}: every copy read at a bounded rate and checked; bad ones repaired;
 * - {@link createNotifier}: outbox events → S3 event messages POSTed to webhook targets (retry,
 *   backoff, dead letters).
 *
 * {@link createWorkerGroup} starts and closes them together; with its `lease` option (or
 * {@link withLease} on one job) each job runs on one instance at a time among those sharing the
 * metastore, and `status()` tells what each did and who holds its lease.
 *
 * @example
 * ```ts
 * import { createFsBackend } from '@strata/backend-pool';
 * import { openSqliteStore } from '@strata/metastore-core/sqlite';
 * import {
 *   createCleanupProcessor,
 *   createMultipartGc,
 *   createPendingWriteReaper,
 *   createWorkerGroup,
 * } from '@strata/workers';
 *
 * const store = await openSqliteStore({ database: './data/meta.db' });
 * const local = createFsBackend({ name: 'local', root: './data/local' });
 * const workers = createWorkerGroup([
 *   createPendingWriteReaper({ store }),
 *   createCleanupProcessor({ store, backends: new Map([['local', local]]) }),
 *   createMultipartGc({ store }),
 * ]);
 * workers.start();
 * // on shutdown:
 * await workers.close();
 * ```
 *
 * @module
 */
export { JobClosedError } from './job.js';
export type {
  Job,
  JobLeaseStatus,
  JobOptions,
  JobRunEvent,
  JobRunObserver,
  JobRunOptions,
  JobRunResult,
  JobStartOptions,
  JobStatus,
  WorkerLogger,
} from './job.js';
export { createPendingWriteReaper } from './pending-write-reaper.js';
export type {
  PendingWriteReaperOptions,
  PendingWriteReaperResult,
} from './pending-write-reaper.js';
export { createCleanupProcessor } from './cleanup-processor.js';
export type {
  BackendResolver,
  CleanupProcessorOptions,
  CleanupProcessorResult,
} from './cleanup-processor.js';
export {
  defaultCleanupBackoff,
  defaultNotificationBackoff,
  defaultReplicationBackoff,
  jitteredBackoff,
} from './backoff.js';
export { createNotifier } from './notifier.js';
export type { NotifierOptions, NotifierResult, WebhookTarget } from './notifier.js';
export { createReplicator } from './replicator.js';
export { createDrainer } from './drainer.js';
export type { DrainerOptions, DrainerResult } from './drainer.js';
export type { ReplicatorOptions, ReplicatorResult } from './replicator.js';
export type { BackoffPolicy } from './backoff.js';
export { MULTIPART_ABANDONED_REASON, createMultipartGc } from './multipart-gc.js';
export type { MultipartGcOptions, MultipartGcResult } from './multipart-gc.js';
export {
  LIFECYCLE_ABORT_REASON,
  LIFECYCLE_JOB,
  createLifecycleWorker,
} from './lifecycle-worker.js';
export type { LifecycleWorkerOptions, LifecycleWorkerResult } from './lifecycle-worker.js';
export { SCRUBBER_JOB, createScrubber } from './scrubber.js';
export type { ScrubberOptions, ScrubberResult } from './scrubber.js';
export { SURPLUS_CLEANER_JOB, createSurplusCleaner } from './surplus-cleaner.js';
export type { SurplusCleanerOptions, SurplusCleanerResult } from './surplus-cleaner.js';
export { createWorkerGroup } from './worker-group.js';
export type { WorkerGroup, WorkerGroupOptions } from './worker-group.js';
export { WORKER_LEASE_PREFIX, withLease } from './with-lease.js';
export type { WorkerLeaseOptions } from './with-lease.js';
