import type {
  ListByBackendQuery,
  ListObjectsPage,
  ListObjectsQuery,
  ObjectCondition,
  ObjectCopy,
  ObjectEncryption,
  ObjectRecord,
} from './types.js';
import type { VersioningMode } from './version-repo.js';

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
