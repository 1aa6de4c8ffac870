import type { DeadLetterActions } from './dead-letter-actions.js';
/** What {@link ReplicationRepo.enqueue} records: one object version owed to one backend. */
export interface ReplicationRequest {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  /** A backend that holds a good copy to read from. */
  readonly sourceBackend: string;
  /** The backend the copy must be written to. */
  readonly targetBackend: string;
  /** Earliest time the job may be claimed. Default: due at once. */
  readonly notBefore?: Date | undefined;
}

/** A claimed (or dead-lettered) replication job. */
export interface ReplicationJob {
  readonly id: number;
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  readonly sourceBackend: string;
  readonly targetBackend: string;
  readonly attempts: number;
  readonly lastError?: string | undefined;
  readonly enqueuedAt: Date;
}

/** Result of {@link ReplicationRepo.stats}. */
export interface ReplicationStats {
  readonly pending: number;
  readonly dead: number;
  /** Pending jobs per target backend (how far behind each backend is). */
  readonly pendingByTarget: Readonly<Record<string, number>>;
}

/**
 * Replication queue: copies of object versions owed to backends, claimed by workers, retried
 * with backoff, then dead-lettered. Same claim semantics as the cleanup queue.
 */
export interface ReplicationRepo extends DeadLetterActions {
  /**
   * Enqueues a copy; idempotent per (bucket, key, versionId, targetBackend): resolves false (and
   * changes nothing) when such a job is already queued (pending, claimed or dead).
   */
  enqueue(job: ReplicationRequest): Promise<boolean>;
  /**
   * Claims up to `limit` due jobs (longest due first, then in enqueue order), hidden from other
   * claimers for `leaseMs`; concurrent claimers never get the same job
   * (`FOR UPDATE SKIP LOCKED` where the dialect has it).
   */
  claim(now: Date, limit: number, leaseMs: number): Promise<ReplicationJob[]>;
  /**
   * Keeps claimed jobs hidden until `until` (the claimer's heartbeat while it still works them).
   * Only pending jobs move: one completed or dead-lettered meanwhile is left alone.
   */
  extendLease(ids: readonly number[], until: Date): Promise<void>;
  /** The copy was made: removes the job (a later enqueue of the same version queues it again). */
  complete(id: number): Promise<void>;
  /**
   * The copy failed: counts the attempt and schedules it at `retryAt`, or dead-letters it when
   * `attempts + 1 >= maxAttempts`.
   *
   * @throws {@link MetastoreNotFoundError} (`entity: 'replication-job'`) for an unknown id.
   */
  fail(id: number, error: string, retryAt: Date, maxAttempts: number): Promise<'retry' | 'dead'>;
  stats(): Promise<ReplicationStats>;
  /** Dead-lettered jobs, oldest first. */
  deadLetters(limit: number): Promise<ReplicationJob[]>;
}
