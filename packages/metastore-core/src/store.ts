import type {
  Bucket,
  BucketEncryption,
  CleanupJob,
  CorsRule,
  Lease,
  ListByBackendQuery,
  ListObjectsPage,
  ListObjectsQuery,
  MultipartUpload,
  ObjectCondition,
  ObjectCopy,
  ObjectEncryption,
  ObjectRecord,
  UploadPart,
  UsageTotals,
  WriteIntent,
} from './types.js';
import type { BackendUsageRepo } from './backend-usage-repo.js';
import type { CredentialRepo } from './credential.js';
import type { OutboxRepo } from './outbox-repo.js';
import type { ReplicationRepo } from './replication-repo.js';
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
}

/** Result of {@link ObjectRepo.put}. */
export interface PutObjectRecordResult {
  /** The current version this write displaced (into the history, or for good). */
  readonly previous?: ObjectRecord | undefined;
  /**
   * Versions no longer stored: their copies are garbage for the cleanup queue, in the same
   * transaction. Unversioned, the displaced version; versioned, none or a replaced `null` one.
   */
  readonly discarded: readonly ObjectRecord[];
}

/** Options of {@link ObjectRepo.put}. */
export interface PutObjectRecordOptions {
  /**
   * The bucket's versioning, read in the same transaction. Absent (never versioned): the
   * displaced version is discarded. `Enabled`: it moves into the history. `Suspended`: a
   * versioned one moves into the history, a `null` one is discarded, and so is any `null`
   * version in the history (the write is the key's new `null` version).
   */
  readonly versioning?: VersioningMode | undefined;
}

/** Objects (current versions) and their copies. */
export interface ObjectRepo {
  get(bucket: string, key: string): Promise<ObjectRecord | undefined>;
  /**
   * Makes `record` the current version of its key (insert or replace), updating usage counters
   * for every copy, atomically. With a condition, checks it against the current row inside the
   * same statement/transaction and throws {@link ConditionFailedError} when it does not hold.
   * With a versioning mode the displaced version may be kept (see {@link PutObjectRecordOptions});
   * what is no longer stored is in `discarded`.
   */
  put(
    record: ObjectRecord,
    condition?: ObjectCondition,
    options?: PutObjectRecordOptions,
  ): Promise<PutObjectRecordResult>;
  /** Removes the current version (with usage updates); resolves with what was removed. */
  delete(
    bucket: string,
    key: string,
    condition?: ObjectCondition,
  ): Promise<ObjectRecord | undefined>;
  /** One page of a byte-ordered listing; delimiter grouping seeks past each common prefix. */
  list(bucket: string, query: ListObjectsQuery): Promise<ListObjectsPage>;
  /** True when the bucket holds at least one object version or delete marker. */
  hasAny(bucket: string): Promise<boolean>;
  /**
   * True when some committed copy points at this blob on this backend. A point-in-time answer:
   * to decide a deletion, use {@link CleanupRepo.claimDeletable}, which proves it in the claim.
   */
  isBlobReferenced(backend: string, blob: string): Promise<boolean>;
  /**
   * Records one more physical copy of a version (a replica the replicator finished writing), if
   * and only if `versionId` is still the current version of the key: a compare-and-swap on the
   * object row, which is locked first (`FOR UPDATE` on PostgreSQL) as {@link ObjectRepo.put}
   * locks it, so a concurrent overwrite or delete either commits first (and this resolves
   * `false`) or waits, then displaces the version with the new copy. The copy is appended after
   * the existing ones and counted on its backend (one object and the version's `size` in bytes, in
   * `usage.byBackend()`); the bucket's logical usage does not change.
   *
   * Idempotent: resolves `false`, changing nothing, when the version already has a copy on
   * `copy.backend` (whatever its blob), as well as when the key is gone or was overwritten. On
   * `false` the blob just written (under a fresh name: never the name of another copy) is part of
   * no object: delete it, or enqueue it for cleanup. Call it in the transaction that removes the
   * replica's write intent, so that both happen or neither.
   *
   * @throws {@link MetastoreBusyError} when the key's row stays locked past the lock timeout
   *   (PostgreSQL) or the write lock past the busy timeout (SQLite); retryable.
   * @throws {@link MetastoreUnavailableError} when the database cannot be reached.
   */
  addCopy(bucket: string, key: string, versionId: string, copy: ObjectCopy): Promise<boolean>;
  /**
   * Removes the copy of version `versionId` on `backend` (over-replication cleanup, draining a
   * backend), only while the key's current version is still `versionId` and keeps at least one
   * other copy: an object never loses its last copy, even to concurrent removals, because the
   * object row is locked first, as by {@link ObjectRepo.put}. The copy's usage moves off
   * `backend`; the bucket's logical usage does not change. Resolves with the removed copy, whose
   * blob the caller then enqueues for deletion, or `undefined` (changing nothing) when the
   * version changed or is gone, has no copy on `backend`, or that copy is its only one. Of two
   * copies on `backend`, the earlier is removed.
   *
   * @throws {@link MetastoreBusyError} when the key's row stays locked past the lock timeout
   *   (PostgreSQL) or the write lock past the busy timeout (SQLite); retryable.
   * @throws {@link MetastoreUnavailableError} when the database cannot be reached.
   */
  removeCopy(
    bucket: string,
    key: string,
    versionId: string,
    backend: string,
  ): Promise<ObjectCopy | undefined>;
  /**
   * Current versions (with all their copies) that have at least one copy on `backend`, ordered by
   * (bucket, key) in byte order, each once, at most `query.limit` of them: one page of a keyset
   * walk for draining, rebalancing and reconciliation. Reads an index on (backend, bucket, key),
   * so a page costs the same at any depth, and memory is bounded by `limit`. Pages are not one
   * snapshot: a key written between two pages shows up according to its position.
   *
   * @throws RangeError when `limit` is not a non-negative integer.
   * @throws TypeError when `afterKey` is given without `afterBucket`.
   * @throws {@link MetastoreUnavailableError} when the database cannot be reached.
   */
  listByBackend(backend: string, query: ListByBackendQuery): Promise<ObjectRecord[]>;
  /**
   * Replaces the tags of version `versionId` (an empty object removes them), if and only if it
   * is still the current version of the key: one conditional update, so a concurrent overwrite
   * either commits first (and this resolves `false`, changing nothing) or replaces the row after
   * it, with the tags of its own request. Nothing else of the row changes.
   *
   * @throws {@link MetastoreUnavailableError} when the database cannot be reached.
   */
  setTags(
    bucket: string,
    key: string,
    versionId: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<boolean>;
  /**
   * Replaces the encryption of version `versionId` (a key rotation rewrapping its data key), if
   * and only if it is still the current version of the key and is encrypted: one conditional
   * update, as {@link ObjectRepo.setTags}. Resolves `false`, changing nothing, otherwise.
   *
   * @throws {@link MetastoreUnavailableError} when the database cannot be reached.
   */
  setEncryption(
    bucket: string,
    key: string,
    versionId: string,
    encryption: ObjectEncryption,
  ): Promise<boolean>;
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
export interface CleanupRepo {
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
