import { isS3ClientError, isS3TransportError, isS3UploadAbortError } from '@strata/s3-client';
import type { S3ClientError } from '@strata/s3-client';
import {
  BackendAccessDeniedError,
  BackendIoError,
  BackendRejectedError,
  BackendTimeoutError,
  BackendUnavailableError,
  BlobNotFoundError,
  InsufficientStorageError,
  InvalidPartError,
  UploadNotFoundError,
  isBackendError,
} from '../errors.js';

/** What a failed S3 call was about, for the typed error that describes it. */
export interface S3ErrorContext {
  /** The backend's configured name. */
  readonly backend: string;
  readonly bucket: string;
  /** The operation, for messages (`put`, `get`, `completeMultipart`…). */
  readonly op: string;
  /** The blob a 404 `NoSuchKey` is about (for `copy`, the source). */
  readonly blob?: string | undefined;
  readonly uploadId?: string | undefined;
  /** The call's signal: once it fired, its reason is the outcome, whatever the client saw. */
  readonly signal?: AbortSignal | undefined;
}

// S3 4xx codes that describe the request itself (its key, its body, the object's state), not the
// service's health: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
const REJECTED_CODES: ReadonlySet<string> = new Set([
  'KeyTooLongError',
  'EntityTooLarge',
  'MetadataTooLarge',
  'InvalidObjectState',
  'RequestTimeout',
  'IncompleteBody',
  'BadDigest',
  'InvalidDigest',
  'XAmzContentSHA256Mismatch',
  'MissingContentLength',
]);
const PART_CODES: ReadonlySet<string> = new Set([
  'InvalidPart',
  'InvalidPartOrder',
  'EntityTooSmall',
]);
const THROTTLE_CODES: ReadonlySet<string> = new Set([
  'SlowDown',
  'ServiceUnavailable',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

/** The abort outcome of a call whose signal fired: its reason, as an Error. */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException(String(reason), 'AbortError');
}

/**
 * Translates whatever an `@strata/s3-client` call threw into this package's typed errors, with
 * `backend` set and the client's error as `cause`. Aborts (the signal's reason), our own typed
 * errors and programmer errors (RangeError, TypeError) pass through unchanged: none of them is a
 * backend failure.
 */
export function toBackendError(err: unknown, ctx: S3ErrorContext): unknown {
  if (ctx.signal?.aborted === true) return abortReason(ctx.signal);
  if (isBackendError(err)) return err;
  if (err instanceof Error && err.name === 'AbortError') return err;
  if (err instanceof RangeError || err instanceof TypeError) return err;
  const options = { backend: ctx.backend, cause: err };
  if (isS3UploadAbortError(err)) {
    const message = `${ctx.op} failed on backend ${ctx.backend}, and its multipart upload ${err.uploadId} could not be aborted (its parts may remain until a lifecycle rule removes them)`;
    return new BackendIoError(message, options);
  }
  if (isS3ClientError(err)) return fromClientError(err, ctx);
  if (isS3TransportError(err)) {
    const where = `${ctx.op} on backend ${ctx.backend}`;
    switch (err.code) {
      case 'ECONNECT':
        return new BackendUnavailableError(`${where}: cannot connect (${err.message})`, options);
      case 'ETIMEDOUT_FIRST_BYTE':
      case 'ETIMEDOUT_IDLE':
        return new BackendTimeoutError(`${where} timed out (${err.message})`, options);
      default:
        return new BackendIoError(`${where}: ${err.message}`, options);
    }
  }
  return new BackendIoError(`${ctx.op} failed on backend ${ctx.backend}`, options);
}

function fromClientError(err: S3ClientError, ctx: S3ErrorContext): Error {
  const options = { backend: ctx.backend, cause: err };
  const said = `${ctx.op} on backend ${ctx.backend} (bucket ${ctx.bucket}): ${err.status} ${err.code}`;
  if (err.code === 'NoSuchBucket') {
    return new BackendIoError(
      `backend ${ctx.backend}: bucket ${ctx.bucket} does not exist (check the backend's configuration)`,
      options,
    );
  }
  if (err.code === 'NoSuchUpload') return new UploadNotFoundError(ctx.uploadId ?? '', options);
  if (err.status === 404 && (err.code === 'NoSuchKey' || err.code === 'NotFound')) {
    if (ctx.blob !== undefined) return new BlobNotFoundError(ctx.blob, options);
  }
  if (PART_CODES.has(err.code)) {
    const partNumber = Number(err.details.PartNumber ?? 0);
    const reason = `${err.code}: ${err.message}`;
    return new InvalidPartError(Number.isSafeInteger(partNumber) ? partNumber : 0, reason, options);
  }
  if (err.code === 'PreconditionFailed' && ctx.op === 'put') {
    // If-None-Match: * refused the write: the blob exists (the fs driver's EEXIST).
    const message = `put: blob ${ctx.blob ?? ''} exists already on backend ${ctx.backend} (blob names must be fresh)`;
    return new BackendIoError(message, options);
  }
  // Both checked before the 403 rule: RGW answers an exceeded quota with 403, and AWS an
  // archived object (InvalidObjectState) too.
  if (err.code === 'QuotaExceeded') return new InsufficientStorageError(said, options);
  if (REJECTED_CODES.has(err.code)) return new BackendRejectedError(said, options);
  if (err.status === 403) return new BackendAccessDeniedError(said, options);
  if (err.status === 503 || err.status === 429 || THROTTLE_CODES.has(err.code)) {
    return new BackendUnavailableError(said, options);
  }
  // Everything else (5xx, redirects to another region, a malformed signature header, a 412 on
  // a put onto an existing blob) is the backend or its configuration failing: counted.
  return new BackendIoError(said, options);
}
