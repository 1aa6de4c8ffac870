import type { DeadLetterActions } from './dead-letter-actions.js';
import type {
  Bucket,
  BucketEncryption,
  BucketObjectLock,
  CleanupJob,
  CorsRule,
  Lease,
  LifecycleRule,
  PublicAccessBlock,
  MultipartUpload,
  ObjectOwnership,
  UploadPart,
  UsageTotals,
  WriteIntent,
} from './types.js';
import type { BackendUsageRepo } from './backend-usage-repo.js';
import type { CredentialRepo } from './credential.js';
import type { NotificationRule } from './notification-rule.js';
import type { OutboxRepo } from './outbox-repo.js';
import type { ReplicationRepo } from './replication-repo.js';
import type { ObjectRepo } from './object-repo.js';
import type { VersioningMode, VersionRepo } from './version-repo.js';

/** Buckets. */
export interface BucketRepo {
  /** Inserts a bucket; resolves false (and changes nothing) when the name is taken. */
  create(bucket: Bucket): Promise<boolean>;
  get(name: string): Promise<Bucket | undefined>;
  /** All buckets (of one owner when given), sorted by name. */
  list(owner?: string): Promise<Bucket[]>;
  /** Deletes a bucket row; resolves false when it did not exist. Callers check emptiness first, in the same transaction. */
  delete(name: string): Promise<boolean>;
  /**
   * Replaces the bucket's tag set; `undefined` (or an empty set) removes it. Resolves false when
   * the bucket does not exist.
   */
  setTags(name: string, tags: Readonly<Record<string, string>> | undefined): Promise<boolean>;
  /**
   * Replaces the bucket's CORS rules; `undefined` (or no rules) removes them. Resolves false when
   * the bucket does not exist.
   */
  setCors(name: string, rules: readonly CorsRule[] | undefined): Promise<boolean>;
  /**
   * Replaces the bucket's default encryption; `undefined` removes it. Resolves false when the
   * bucket does not exist.
   */
  setEncryption(name: string, rule: BucketEncryption | undefined): Promise<boolean>;
  /**
   * Enables Object Lock on the bucket, or replaces its configuration (its default retention);
   * lock is never disabled again. Only while versioning is `Enabled`, as S3 requires, checked in
   * the update itself, so a concurrent suspension cannot slip in between. Resolves false,
   * changing nothing, when the bucket does not exist or its versioning is not `Enabled`.
   */
  setObjectLock(name: string, config: BucketObjectLock): Promise<boolean>;
  /**
   * Replaces the bucket's policy document (stored verbatim; the caller validates it);
   * `undefined` removes it. Resolves false when the bucket does not exist.
   */
  setPolicy(name: string, policy: string | undefined): Promise<boolean>;
  /**
   * Replaces the bucket's public access block; `undefined` removes it. Resolves false when the
   * bucket does not exist.
   */
  setPublicAccessBlock(name: string, block: PublicAccessBlock | undefined): Promise<boolean>;
  /**
   * Replaces the bucket's object ownership; `undefined` removes it. Resolves false when the
   * bucket does not exist.
   */
  setOwnership(name: string, ownership: ObjectOwnership | undefined): Promise<boolean>;
  /**
   * Replaces the bucket's lifecycle rules (the caller validates them); `undefined` (or no rules)
   * removes them. Resolves false when the bucket does not exist.
   */
  setLifecycle(name: string, rules: readonly LifecycleRule[] | undefined): Promise<boolean>;
  /**
   * Replaces the bucket's event notification configurations (the caller validates them);
   * `undefined` (or none) removes them. Resolves false when the bucket does not exist.
   */
  setNotifications(name: string, rules: readonly NotificationRule[] | undefined): Promise<boolean>;
  /**
   * Sets the bucket's versioning state (`Enabled` or `Suspended`; a bucket never goes back to
   * `Unversioned`). A bucket with Object Lock is never suspended (checked in the update
   * itself). Resolves false, changing nothing, when the bucket does not exist or, for
   * `Suspended`, has Object Lock.
   */
  setVersioning(name: string, state: VersioningMode): Promise<boolean>;
}

/** Write intents (intent before bytes, commit after bytes). */
export interface IntentRepo {
  add(intent: WriteIntent): Promise<void>;
  /** Pushes an intent's expiry forward while its write is still streaming. */
  extend(id: string, expiresAt: Date): Promise<void>;
  /**
   * Removes an intent (at commit, or after its blob was deleted). Resolves `false` when it was
   * already gone: the reaper expired it and queued its blob for deletion, so a commit must then
   * roll back rather than reference that blob. Call it in the commit transaction and check the
   * answer: the intent row is the fence between a slow writer and the reaper (of the two
   * transactions that touch it, the second sees what the first did).
   */
  remove(id: string): Promise<boolean>;
  /**
   * Atomically turns up to `limit` intents that expired before `now` into cleanup jobs
   * (reason `intent-expired`) and deletes them; resolves with the intents moved.
   */
  expire(now: Date, limit: number): Promise<WriteIntent[]>;
}

/** State of a multipart upload row. */
export interface MultipartUploadRow extends MultipartUpload {
  readonly state: 'active' | 'completed';
  /** Set once completed: the ETag Complete answered (unquoted), so a retried Complete answers the same. */
  readonly completedEtag?: string | undefined;
  readonly completedVersionId?: string | undefined;
}

/** Query for {@link UploadRepo.list}. */
export interface ListUploadsQuery {
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly keyMarker?: string;
  readonly uploadIdMarker?: string;
  readonly maxUploads: number;
}

/** One page of active uploads, ordered by (key, initiatedAt, uploadId). */
export interface ListUploadsPage {
  readonly uploads: readonly MultipartUpload[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  readonly nextKeyMarker?: string | undefined;
  readonly nextUploadIdMarker?: string | undefined;
}

/** One page of parts, ordered by part number. */
export interface ListPartsPage {
  readonly parts: readonly UploadPart[];
  readonly isTruncated: boolean;
  readonly nextPartNumberMarker?: number | undefined;
}

/** Multipart uploads and their parts. */
export interface UploadRepo {
  create(upload: MultipartUpload): Promise<void>;
  get(uploadId: string): Promise<MultipartUploadRow | undefined>;
  /** Records (or replaces) a part; resolves with the part it replaced. */
  putPart(part: UploadPart): Promise<UploadPart | undefined>;
  /** Every part of an upload, by part number. */
  parts(uploadId: string): Promise<UploadPart[]>;
  listParts(
    uploadId: string,
    query: { partNumberMarker?: number; maxParts: number },
  ): Promise<ListPartsPage>;
  /** Active uploads of a bucket. */
  list(bucket: string, query: ListUploadsQuery): Promise<ListUploadsPage>;
  /** Marks an active upload completed (inside the commit transaction); parts are dropped. */
  markCompleted(uploadId: string, result: { etag: string; versionId: string }): Promise<void>;
  /** Removes an upload and its parts (no cleanup job: see {@link UploadRepo.retire} for that). */
  delete(uploadId: string): Promise<boolean>;
  /**
   * Retires an active upload that will never complete (aborted, its bucket deleted, abandoned,
   * a lost conditional Complete): deletes its row and parts and enqueues ONE cleanup job for its
   * blob and backend-native upload (`backendUploadId`, `size` = the sum of its parts' sizes, so
   * they count as orphan bytes until the job ran), atomically: inside the transaction it is
   * called in, or in its own. Resolves with the retired row, or `undefined` (changing nothing)
   * when no upload of this id is active (unknown, already retired, or completed: a completed
   * upload's blob is a committed object, never garbage).
   */
  retire(uploadId: string, reason: string): Promise<MultipartUploadRow | undefined>;
  /**
   * Active uploads initiated before `initiatedBefore`, oldest first, at most `limit` (the
   * abandoned-upload GC).
   */
  listAbandoned(initiatedBefore: Date, limit: number): Promise<MultipartUploadRow[]>;
  /**
   * Completed uploads completed before `completedBefore`, earliest first, at most `limit` (the
   * purge of rows kept so that a retried Complete gets the same answer). Separate from
   * {@link UploadRepo.listAbandoned} so that a backlog of one state never starves the other.
   */
  listCompleted(completedBefore: Date, limit: number): Promise<MultipartUploadRow[]>;
  /**
   * True when some upload row (active or completed) was created with this backend-native upload
   * id on this backend: lets a backend sweep its own upload state for uploads no row knows (a
   * crash between creating the backend upload and recording its row).
   */
  hasBackendUpload(backend: string, backendUploadId: string): Promise<boolean>;
}

/** What to enqueue on the cleanup queue. */
export interface CleanupRequest {
  readonly backend: string;
  readonly blob: string;
  readonly size: number;
  readonly reason: string;
  /** When set, the job aborts this backend-native multipart upload as well as deleting the blob. */
  readonly backendUploadId?: string | undefined;
  /**
   * Earliest time the job may be claimed, e.g. a grace period for readers still streaming the
   * displaced blob. Default: due at once.
   */
  readonly notBefore?: Date | undefined;
}

/** What {@link CleanupRepo.claimDeletable} took off the queue. */
export interface CleanupClaim {
  /** Jobs whose blob nothing references, leased to the caller: delete their blobs. */
  readonly jobs: CleanupJob[];
  /**
   * Due jobs whose blob a committed copy or a pending write intent still references: removed
   * from the queue, their blobs left alone (they are not garbage; whoever stops referencing one
   * queues it again).
   */
  readonly referenced: CleanupJob[];
}

/** Cleanup queue: blob deletions owed to backends, retried with backoff, then dead-lettered. */
export interface CleanupRepo extends DeadLetterActions {
  enqueue(job: CleanupRequest): Promise<void>;
  /**
   * Claims up to `limit` due jobs: each is hidden from other claimers for `leaseMs`
   * (`FOR UPDATE SKIP LOCKED` where the dialect has it). Checks no reference: a caller that
   * deletes blobs uses {@link CleanupRepo.claimDeletable}.
   */
  claim(now: Date, limit: number, leaseMs: number): Promise<CleanupJob[]>;
  /**
   * Claims up to `limit` due jobs like {@link CleanupRepo.claim} and, in the same transaction,
   * proves each job's blob unreferenced: no object copy and no write intent names its
   * (backend, blob). A job whose blob is referenced is removed instead (in `referenced`).
   *
   * The proof stays true after the transaction, so the caller may delete the blobs of `jobs`
   * later, outside any transaction, provided no blob name is ever written twice on
   * a backend: every write and every copy gets a fresh name under an intent recorded before its
   * bytes (a multipart upload: under its upload row), and a commit only references a blob while
   * it still holds that intent ({@link IntentRepo.remove}) or that upload is still active
   * ({@link UploadRepo.retire} removes the row as it queues the blob). A queued name is thus
   * referenced by nobody now and can be by nobody later.
   */
  claimDeletable(now: Date, limit: number, leaseMs: number): Promise<CleanupClaim>;
  /**
   * Keeps claimed jobs hidden until `until` (the claimer's heartbeat while it still works them).
   * Only pending jobs move: one completed or dead-lettered meanwhile is left alone.
   */
  extendLease(ids: readonly number[], until: Date): Promise<void>;
  /** The job succeeded: remove it and release its orphan bytes. */
  complete(id: number): Promise<void>;
  /**
   * The job failed: count the attempt and schedule it at `retryAt`, or move it to the dead-letter
   * state when `attempts + 1 >= maxAttempts` (its orphan bytes stay counted).
   */
  fail(id: number, error: string, retryAt: Date, maxAttempts: number): Promise<'retry' | 'dead'>;
  stats(): Promise<{
    pending: number;
    dead: number;
    orphanBytes: number;
    /** Orphan bytes (pending and dead jobs) per backend, for capacity checks. */
    orphanBytesByBackend?: Record<string, number>;
  }>;
  deadLetters(limit: number): Promise<CleanupJob[]>;
}

/** Usage counters (bytes and objects) per backend and bucket, sharded to avoid a hot row. */
export interface UsageRepo {
  byBackend(): Promise<Record<string, UsageTotals>>;
  byBucket(bucket: string): Promise<UsageTotals>;
}

/**
 * Named leases with a time to live, for leader election among instances sharing one database
 * (and processes sharing one SQLite file). Expiry is measured on the database's clock, so
 * instances with skewed clocks still agree. A holder must renew well within `ttlMs` (say every
 * `ttlMs / 3`) and stop leading as soon as a renewal resolves `false` or its last successful
 * renewal is older than `ttlMs`: from then on another holder may acquire the lease.
 */
export interface LeaseRepo {
  /**
   * Takes the lease when nobody holds it or it has expired, or extends it when `holder` already
   * holds it; resolves `true` when `holder` holds it for the next `ttlMs`. Of concurrent callers
   * with different holders, at most one gets `true`.
   *
   * @throws RangeError when `ttlMs` is not a positive finite number.
   */
  tryAcquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /**
   * Extends a lease `holder` still holds (unexpired) to `ttlMs` from now; resolves `false` when
   * it has expired or belongs to someone else: the caller has lost it and must stop leading.
   */
  renew(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up; resolves `false` when `holder` did not hold it (someone else's lease stays). */
  release(name: string, holder: string): Promise<boolean>;
  /** The unexpired lease of this name, if any. */
  get(name: string): Promise<Lease | undefined>;
}

/**
 * Where background jobs keep their place in a walk of the store (an opaque string per job name),
 * so whichever instance runs the job next goes on from there.
 */
export interface JobCursorRepo {
  /** The cursor saved under `name`, if any. */
  get(name: string): Promise<string | undefined>;
  /** Saves `value` under `name`; `undefined` removes it (the walk starts again). */
  set(name: string, value: string | undefined): Promise<void>;
}

/** A backend's state as an operator set it at runtime, over the configured one. */
export interface BackendStateOverride {
  readonly backend: string;
  /** The state's name (the backend pool's vocabulary: `active`, `draining`…), stored as given. */
  readonly state: string;
  readonly changedAt: Date;
}

/**
 * Backend states set at runtime, shared by every instance on the store: an override per backend
 * name, in place of the state its configuration gives. The store does not check the names; the
 * caller (which knows its backends and their states) does.
 */
export interface BackendStateRepo {
  /** Every override, by backend name. */
  list(): Promise<readonly BackendStateOverride[]>;
  /** Sets (or replaces) `backend`'s override; resolves what was stored. */
  set(backend: string, state: string, now?: Date): Promise<BackendStateOverride>;
  /** Removes `backend`'s override (the configured state applies again); `false` when it had none. */
  clear(backend: string): Promise<boolean>;
}

/** The repositories, bound to the store or to one transaction. */
export interface MetaRepos {
  readonly buckets: BucketRepo;
  readonly objects: ObjectRepo;
  readonly versions: VersionRepo;
  readonly intents: IntentRepo;
  readonly uploads: UploadRepo;
  readonly cleanup: CleanupRepo;
  readonly usage: UsageRepo;
  readonly leases: LeaseRepo;
  readonly cursors: JobCursorRepo;
  readonly backendStates: BackendStateRepo;
  readonly credentials: CredentialRepo;
  readonly replication: ReplicationRepo;
  readonly outbox: OutboxRepo;
  readonly backendUsage: BackendUsageRepo;
}

/** Repositories bound to one transaction. */
export type MetaTx = MetaRepos;

/** What a dialect can do; callers branch on these, never on the dialect name. */
export interface DialectCapabilities {
  readonly dialect: 'sqlite' | 'postgres';
  readonly supportsSkipLocked: boolean;
  readonly supportsMultipleConnections: boolean;
  readonly supportsAdvisoryLocks: boolean;
}

/**
 * The metadata store. Every repository method outside a transaction runs in its own short
 * transaction. `transaction()` commits when the callback resolves and rolls back when it throws;
 * the callback must never await network I/O (backend calls). Inside the callback use only the
 * `tx` repositories: a call on the store itself (or a nested `transaction`) waits for the
 * transaction the callback holds, which never ends (a deadlock on SQLite).
 *
 * On a dialect with concurrent writers (PostgreSQL) a transaction that loses a deadlock is rolled
 * back and its callback run again from the start (a few times, then {@link MetastoreBusyError}),
 * so a callback must have no effects besides its `tx` calls.
 */
export interface MetaStore extends MetaRepos, AsyncDisposable {
  readonly capabilities: DialectCapabilities;
  transaction<T>(fn: (tx: MetaTx) => Promise<T>): Promise<T>;
  /** Resolves when the database answers (for `/ready`). */
  ping(): Promise<void>;
  /** Closes connections; idempotent. */
  close(): Promise<void>;
}
