/** Why a compare-and-swap condition did not hold. */
export const CONDITION_FAILURE_REASONS = [
  'exists',
  'missing',
  'etag-mismatch',
  'version-mismatch',
] as const;
/** One of {@link CONDITION_FAILURE_REASONS}. */
export type ConditionFailureReason = (typeof CONDITION_FAILURE_REASONS)[number];

/**
 * A conditional write or delete found a current row that does not satisfy its condition
 * (`If-None-Match: *`, `If-Match`, or an internal version check). Nothing was changed.
 */
export class ConditionFailedError extends Error {
  override readonly name = 'ConditionFailedError';
  readonly code = 'ECONDITION' as const;
  readonly reason: ConditionFailureReason;

  constructor(reason: ConditionFailureReason, message = `condition failed: ${reason}`) {
    super(message);
    this.reason = reason;
  }
}

/**
 * The database was too busy (locked by another writer past the busy timeout, or a concurrent
 * transaction changed the same row). Nothing was changed; the operation can be retried.
 */
export class MetastoreBusyError extends Error {
  override readonly name = 'MetastoreBusyError';
  readonly code = 'EMETA_BUSY' as const;

  constructor(message = 'metastore is busy', options?: ErrorOptions) {
    super(message, options);
  }
}

/** Why {@link ObjectLockedError} refused a change. */
export const OBJECT_LOCK_REASONS = ['legal-hold', 'compliance', 'governance'] as const;
/** One of {@link OBJECT_LOCK_REASONS}. */
export type ObjectLockReason = (typeof OBJECT_LOCK_REASONS)[number];

/**
 * An object version is protected by Object Lock: a legal hold, or a retention period not yet
 * over (COMPLIANCE, or GOVERNANCE without a bypass). Nothing was changed.
 */
export class ObjectLockedError extends Error {
  override readonly name = 'ObjectLockedError';
  readonly code = 'EOBJECT_LOCKED' as const;
  readonly reason: ObjectLockReason;

  constructor(reason: ObjectLockReason) {
    super(`object version is protected by object lock (${reason})`);
    this.reason = reason;
  }
}

/** The database cannot be reached or used (closed store, I/O error, connection failure). */
export class MetastoreUnavailableError extends Error {
  override readonly name = 'MetastoreUnavailableError';
  readonly code = 'EMETA_UNAVAILABLE' as const;

  constructor(message = 'metastore is unavailable', options?: ErrorOptions) {
    super(message, options);
  }
}

/** Kinds of rows {@link MetastoreNotFoundError} reports. */
export const METASTORE_ENTITIES = [
  'intent',
  'upload',
  'cleanup-job',
  'replication-job',
  'outbox-event',
] as const;
/** One of {@link METASTORE_ENTITIES}. */
export type MetastoreEntity = (typeof METASTORE_ENTITIES)[number];

/**
 * An operation that must change an existing row found none: extending a reaped intent, adding a
 * part to (or completing) an upload that is no longer active, failing an unknown queue job.
 */
export class MetastoreNotFoundError extends Error {
  override readonly name = 'MetastoreNotFoundError';
  readonly code = 'EMETA_NOT_FOUND' as const;
  readonly entity: MetastoreEntity;
  readonly id: string;

  constructor(entity: MetastoreEntity, id: string | number) {
    super(`${entity} ${String(id)} not found`);
    this.entity = entity;
    this.id = String(id);
  }
}

/** Codes of {@link MetastoreConfigError}. */
export const METASTORE_CONFIG_ERROR_CODES = [
  'EMETA_NO_MASTER_KEY',
  'EMETA_BAD_MASTER_KEY',
] as const;
/** One of {@link METASTORE_CONFIG_ERROR_CODES}. */
export type MetastoreConfigErrorCode = (typeof METASTORE_CONFIG_ERROR_CODES)[number];

/**
 * The store was not configured for what was asked: `EMETA_NO_MASTER_KEY` when credentials are
 * written or read on a store opened without `masterKey`; `EMETA_BAD_MASTER_KEY` when the master
 * key given is unusable (a key that is not 32 bytes, an empty passphrase). Never retryable.
 */
export class MetastoreConfigError extends Error {
  override readonly name = 'MetastoreConfigError';
  readonly code: MetastoreConfigErrorCode;

  constructor(code: MetastoreConfigErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Why {@link MetastoreDecryptError} was thrown. */
export const DECRYPT_FAILURE_REASONS = ['wrong-master-key', 'unreadable'] as const;
/** One of {@link DECRYPT_FAILURE_REASONS}. */
export type DecryptFailureReason = (typeof DECRYPT_FAILURE_REASONS)[number];

/**
 * A stored secret could not be decrypted: it was sealed under another master key
 * (`wrong-master-key`: the store was opened with a different key or passphrase), or its
 * ciphertext fails authentication (`unreadable`: corrupted, or moved to another access key id).
 * The message names the access key id and never any part of a secret.
 */
export class MetastoreDecryptError extends Error {
  override readonly name = 'MetastoreDecryptError';
  readonly code = 'EMETA_DECRYPT' as const;
  readonly reason: DecryptFailureReason;
  readonly accessKeyId: string;

  constructor(reason: DecryptFailureReason, accessKeyId: string) {
    super(
      reason === 'wrong-master-key'
        ? `the secret of ${accessKeyId} was sealed under another master key`
        : `the secret of ${accessKeyId} fails authentication (corrupted or moved)`,
    );
    this.reason = reason;
    this.accessKeyId = accessKeyId;
  }
}
