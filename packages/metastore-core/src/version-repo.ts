import type {
  DeleteMarker,
  ListVersionsPage,
  ListVersionsQuery,
  ObjectCondition,
  ObjectCopy,
  ObjectEncryption,
  ObjectLock,
  ObjectRecord,
  ObjectVersion,
} from './types.js';

/**
 * How a write or delete treats the versions a key already has: the bucket's versioning state at
 * the moment of the write (read in the same transaction).
 */
export type VersioningMode = 'Enabled' | 'Suspended';

/** Result of {@link VersionRepo.markDeleted}. */
export interface MarkDeletedResult {
  /** The marker now latest. */
  readonly marker: DeleteMarker;
  /**
   * Versions no longer stored (a `null` version replaced by the `null` marker): enqueue their
   * copies for deletion in the same transaction.
   */
  readonly discarded: readonly ObjectRecord[];
}

/** Result of {@link VersionRepo.deleteVersion}. */
export interface DeleteVersionResult {
  /** What was removed; its copies (an object version's) are garbage now. */
  readonly removed: ObjectVersion;
  /** The version that became the key's current object, when the removed one was it. */
  readonly promoted?: ObjectRecord | undefined;
}

/** Options of {@link VersionRepo.deleteVersion}. */
export interface DeleteVersionOptions {
  /**
   * The caller may bypass GOVERNANCE retention (`x-amz-bypass-governance-retention` from a
   * permitted caller). COMPLIANCE retention and legal holds are never bypassed.
   */
  readonly bypassGovernance?: boolean | undefined;
  /** The instant retention periods are compared with (default: now). */
  readonly now?: Date | undefined;
  /**
   * Delete only while the key's latest version (object or delete marker) is this write id,
   * checked under the key's lock; otherwise `ConditionFailedError('version-mismatch')` and
   * nothing changes. A background job's guard: a version it found noncurrent (a newer one being
   * latest) is still noncurrent, and a marker it found alone still is, when the delete runs.
   */
  readonly expectedLatest?: string | undefined;
}

/** Where a walk of {@link VersionRepo.listByBackend} stands: after this version. */
export interface HistoryCursor {
  readonly bucket: string;
  readonly key: string;
  readonly writeId: string;
}

/** Query of {@link VersionRepo.listByBackend}. */
export interface HistoryByBackendQuery {
  /** Start after this version (the previous page's `next`); absent: from the start. */
  readonly after?: HistoryCursor | undefined;
  /** Most history rows to read for this page, a non-negative integer. */
  readonly limit: number;
}

/** One page of {@link VersionRepo.listByBackend}. */
export interface HistoryByBackendPage {
  /** Noncurrent object versions (with all their copies) that have a copy on the backend. */
  readonly records: readonly ObjectRecord[];
  /** Where the next page starts; absent when the walk is complete. */
  readonly next?: HistoryCursor | undefined;
}

/**
 * The versions of keys in versioned buckets, beside `ObjectRepo`, which keeps each key's
 * current object version. Noncurrent versions and every delete marker live in a history ordered
 * by a per-key sequence the metastore assigns (never by a clock): the current object, when
 * there is one, is newer than all of its key's history, and a key whose latest version is a
 * delete marker has no current object.
 *
 * A key's S3 version ids: the write id of a version written with versioning `Enabled`, `null`
 * for one written before versioning was enabled or while it was `Suspended` (at most one per
 * key). `ObjectRepo.put` with a {@link VersioningMode} moves the displaced current version into
 * the history instead of discarding it.
 */
export interface VersionRepo {
  /**
   * The version of `key` S3 calls `versionId` (`null` for the null version): the current object
   * or one in the history, or `undefined`.
   */
  get(bucket: string, key: string, versionId: string): Promise<ObjectVersion | undefined>;
  /** The latest version of `key`: its current object, or the delete marker that is latest. */
  latest(bucket: string, key: string): Promise<ObjectVersion | undefined>;
  /**
   * DeleteObject without a version id in a versioned bucket: makes `marker` the latest version.
   * The current object moves into the history, except a `null` one while `Suspended`, which is
   * discarded, as is any older `null` version when the marker is itself `null`. A condition is
   * checked against the current object, as `ObjectRepo.delete` does.
   *
   * @throws {@link ConditionFailedError} when `condition` does not hold.
   * @throws {@link MetastoreBusyError} when a concurrent delete of the same key took the
   *   sequence number first; retryable.
   */
  markDeleted(
    marker: DeleteMarker,
    mode: VersioningMode,
    condition?: ObjectCondition,
  ): Promise<MarkDeletedResult>;
  /**
   * Removes one version for good (DeleteObject with a version id). When it was the current
   * object, the newest history entry becomes current if it is an object version (a newest delete
   * marker stays the latest). Resolves `undefined`, changing nothing, when there is no such
   * version. Usage counters move off the removed version.
   *
   * Object Lock is enforced here, under the key's lock that `setLock` takes too, so no caller of
   * this method (a worker, an embedding tool) removes a protected version by mistake: a version
   * under a legal hold, or whose retention has not ended, stays. (Writes never discard a locked
   * version either: a bucket with Object Lock cannot be suspended, see `BucketRepo`.)
   *
   * @throws {@link ObjectLockedError} when the version is protected (nothing is changed).
   */
  deleteVersion(
    bucket: string,
    key: string,
    versionId: string,
    options?: DeleteVersionOptions,
  ): Promise<DeleteVersionResult | undefined>;
  /**
   * One page of ListObjectVersions: keys in byte order (prefix and delimiter as in
   * `ObjectRepo.list`), each key's versions newest first.
   *
   * @throws RangeError when `versionIdMarker` is given without `keyMarker`.
   */
  list(bucket: string, query: ListVersionsQuery): Promise<ListVersionsPage>;
  /**
   * Replaces the tags of a noncurrent object version, named by its write id (`ObjectRecord
   * .versionId`; the current version's are `ObjectRepo.setTags`'). Resolves false when the
   * history holds no such object version.
   */
  setTags(
    bucket: string,
    key: string,
    writeId: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<boolean>;
  /**
   * Records one more copy of an object version named by its write id, current or noncurrent (a
   * replica, a drain's replacement): `ObjectRepo.addCopy` while it is current, else the
   * history's, both under the key's lock, so a version displaced or promoted meanwhile is found
   * where it is. Resolves false, changing nothing, when the key has no object version of that
   * id or it already has a copy on `copy.backend`. Call it in the transaction that removes the
   * copy's write intent.
   *
   * @throws {@link MetastoreBusyError} when the key stays locked past the lock timeout.
   */
  addCopy(bucket: string, key: string, writeId: string, copy: ObjectCopy): Promise<boolean>;
  /**
   * Removes the copy on `backend` of an object version named by its write id, current or
   * noncurrent, never its last one (as {@link VersionRepo.addCopy} finds it); resolves with the
   * copy removed (its blob is the caller's to queue for deletion in the same transaction), or
   * `undefined`.
   *
   * @throws {@link MetastoreBusyError} when the key stays locked past the lock timeout.
   */
  removeCopy(
    bucket: string,
    key: string,
    writeId: string,
    backend: string,
  ): Promise<ObjectCopy | undefined>;
  /**
   * Noncurrent object versions with a copy on `backend`, in (bucket, key, write id) order: one
   * page of a keyset walk for draining (current versions are `ObjectRepo.listByBackend`'s).
   * A page holds at most `limit` versions, possibly fewer than there are; continue from `next`
   * until it is absent. The copies are a JSON column, so a page's scan may read many history
   * rows of other backends to fill it: a background walk's cost, not a request's.
   *
   * @throws RangeError when `limit` is not a non-negative integer.
   */
  listByBackend(backend: string, query: HistoryByBackendQuery): Promise<HistoryByBackendPage>;
  /**
   * The object version of `key` whose write id is `writeId`, current or noncurrent (a job that
   * names the version it owes work to), or `undefined`.
   */
  byWriteId(bucket: string, key: string, writeId: string): Promise<ObjectVersion | undefined>;
  /**
   * Replaces the encryption of an encrypted object version named by its write id, current or
   * noncurrent (a key rotation rewrapping its data key), under the key's lock. Resolves false,
   * changing nothing, when the key has no such encrypted version.
   */
  setEncryption(
    bucket: string,
    key: string,
    writeId: string,
    encryption: ObjectEncryption,
  ): Promise<boolean>;
  /**
   * Replaces the Object Lock state (retention and legal hold) of an object version, current or
   * noncurrent, named by its write id; `undefined` clears both. With `expected`, only while the
   * version's lock is still that one (a compare-and-swap: a caller that checked a change
   * against the lock it read cannot overwrite a change made since). Taken under the key's lock,
   * as `deleteVersion` checks locks, so a hold this confirms is one every later delete sees.
   * Resolves false when the key has no object version of that id, or its lock is not
   * `expected`.
   */
  setLock(
    bucket: string,
    key: string,
    writeId: string,
    lock: ObjectLock | undefined,
    options?: { readonly expected: ObjectLock | undefined },
  ): Promise<boolean>;
}
