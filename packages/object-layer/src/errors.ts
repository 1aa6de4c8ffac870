import { isS3Error, type S3ErrorCode } from '@strata/s3-xml';

/**
 * Errors of the object layer itself (not S3 outcomes, which are `S3Error`s from `@strata/s3-xml`).
 * The gateway maps most of them to a retryable 503; {@link ObjectDataLostError} to a 500.
 */

/** No configured backend can take a write. */
export class NoWritableBackendError extends Error {
  readonly code = 'ENO_WRITABLE_BACKEND' as const;
  constructor(message = 'no backend can take this write', options?: ErrorOptions) {
    super(message, options);
    this.name = 'NoWritableBackendError';
  }
}

/**
 * A write's intent could not be kept alive (the metastore refused to extend it for longer than
 * its lease), so committing could race the reaper deleting the blob. The write is abandoned.
 */
export class IntentExpiredError extends Error {
  readonly code = 'EINTENT_EXPIRED' as const;
  constructor(message = 'write intent expired before commit', options?: ErrorOptions) {
    super(message, options);
    this.name = 'IntentExpiredError';
  }
}

/** A committed object names a backend this layer was not configured with. */
export class UnknownBackendError extends Error {
  readonly code = 'EUNKNOWN_BACKEND' as const;
  readonly backend: string;
  constructor(backend: string, options?: ErrorOptions) {
    super(`backend not configured: ${backend}`, options);
    this.name = 'UnknownBackendError';
    this.backend = backend;
  }
}

/**
 * Every backend that could take a write is full: its byte or object quota (counting writes in
 * flight) or its per-object size limit leaves no room. The gateway answers 507.
 */
export class NoCapacityError extends Error {
  readonly code = 'ENO_CAPACITY' as const;
  readonly bucket: string;
  constructor(bucket: string, size: number, options?: ErrorOptions) {
    super(`no backend of bucket ${bucket} has room for ${size} more bytes`, options);
    this.name = 'NoCapacityError';
    this.bucket = bucket;
  }
}

/**
 * The metastore does not answer (it failed moments ago and is not retried before
 * `metastoreRetryMs`): writes are refused at once instead of waiting on it. Retryable (503).
 */
export class MetastoreDownError extends Error {
  readonly code = 'EMETA_UNAVAILABLE' as const;
  constructor(message = 'the metadata store is unavailable', options?: ErrorOptions) {
    super(message, options);
    this.name = 'MetastoreDownError';
  }
}

/** One copy of an object version: the backend it is on and its blob there. */
export interface LostCopy {
  readonly backend: string;
  readonly blob: string;
}

/**
 * The metastore holds an object version whose blobs are missing on every backend that was
 * asked for them (each answered "no such blob"), and the row still names those very blobs:
 * committed data is lost, a server fault, never the client's NoSuchKey. `lost` lists the copies
 * found missing. (A copy missing while another copy could be read is not an error: the read is
 * served and the copy re-replicated; see `ObjectLayerConfig.onMissingCopy`.)
 */
export class ObjectDataLostError extends Error {
  readonly code = 'EDATA_LOST' as const;
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  readonly lost: readonly LostCopy[];
  constructor(
    version: { readonly bucket: string; readonly key: string; readonly versionId: string },
    lost: readonly LostCopy[],
    options?: ErrorOptions,
  ) {
    const where = lost.map((c) => `${c.blob} on backend ${c.backend}`).join(', ');
    super(`object ${version.bucket}/${version.key} lost its data: missing ${where}`, options);
    this.name = 'ObjectDataLostError';
    this.bucket = version.bucket;
    this.key = version.key;
    this.versionId = version.versionId;
    this.lost = lost;
  }
}

/**
 * An operation that needs the master keys of encryption at rest (a key rotation) was asked of a
 * layer configured without a keyring (`ObjectLayerConfig.keyring`).
 */
export class NoKeyringError extends Error {
  readonly code = 'ENO_KEYRING' as const;
  constructor(
    message = 'no encryption keys are configured: a key rotation needs the keyring',
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'NoKeyringError';
  }
}

/**
 * The S3 error code of a refusal this layer answered with (`AccessDenied` for Object Lock,
 * `PreconditionFailed`, `NoSuchKey`…), or `undefined` for any other failure (a backend's, the
 * metastore's): for callers that act on outcomes without speaking HTTP, such as the workers.
 */
export function s3ErrorCodeOf(error: unknown): S3ErrorCode | undefined {
  return isS3Error(error) ? error.code : undefined;
}
