/**
 * Typed errors thrown by backends and breakers. Each has a literal `code` that callers branch on
 * (never on the message); only the gateway maps them to S3 errors, once.
 */

/** Every error code a backend, driver or breaker in this package throws. */
export const BACKEND_ERROR_CODES = [
  'ENOBLOB',
  'ENOUPLOAD',
  'EINVALID_PART',
  'EBODY',
  'EBACKEND_OPEN',
  'EBACKEND_TIMEOUT',
  'EBACKEND_IO',
  'EBACKEND_REJECTED',
  'ENOSPC',
  'EACCES',
] as const;
export type BackendErrorCode = (typeof BACKEND_ERROR_CODES)[number];

/**
 * Codes that describe the caller's request, not the backend's health (the 4xx of a backend):
 * a circuit breaker does not count them as failures.
 */
export const CLIENT_ERROR_CODES = [
  'ENOBLOB',
  'ENOUPLOAD',
  'EINVALID_PART',
  'EBODY',
  'EBACKEND_REJECTED',
] as const;

const BRAND = Symbol.for('@strata/backend-pool/BackendError');

/** Base class of every error in this package; `backend` names the backend that raised it. */
export abstract class BackendError extends Error {
  abstract readonly code: BackendErrorCode;
  /** The backend's configured name, when known. */
  readonly backend: string | undefined;
  readonly [BRAND] = true;

  constructor(message: string, options?: { backend?: string | undefined; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.backend = options?.backend;
  }
}

/**
 * True for any error of this package, even from a duplicate copy of it (the check uses a
 * `Symbol.for` brand, not `instanceof`).
 */
export function isBackendError(err: unknown): err is BackendError {
  return (
    typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true
  );
}

/** The blob does not exist (a 404 from the backend). */
export class BlobNotFoundError extends BackendError {
  readonly code = 'ENOBLOB' as const;
  readonly blob: string;
  constructor(blob: string, options?: { backend?: string | undefined; cause?: unknown }) {
    super(`blob not found: ${blob}`, options);
    this.blob = blob;
  }
}

/** The backend-native multipart upload does not exist (aborted, completed or never created). */
export class UploadNotFoundError extends BackendError {
  readonly code = 'ENOUPLOAD' as const;
  readonly uploadId: string;
  constructor(uploadId: string, options?: { backend?: string | undefined; cause?: unknown }) {
    super(`multipart upload not found: ${uploadId}`, options);
    this.uploadId = uploadId;
  }
}

/** A part handed to completeMultipart is missing or its token does not match the stored part. */
export class InvalidPartError extends BackendError {
  readonly code = 'EINVALID_PART' as const;
  /** The part at fault; 0 when the backend did not say which (an S3 reply without PartNumber). */
  readonly partNumber: number;
  constructor(
    partNumber: number,
    reason: string,
    options?: { backend?: string | undefined; cause?: unknown },
  ) {
    super(`invalid part ${partNumber}: ${reason}`, options);
    this.partNumber = partNumber;
  }
}

/**
 * The body stream handed to `put`/`uploadPart` failed (the client went away, a Transform in the
 * caller's pipeline rejected the data). Nothing was stored. The body's own error is `cause`, so
 * a caller can recognise its own errors (a digest mismatch) by unwrapping it.
 */
export class BodyStreamError extends BackendError {
  readonly code = 'EBODY' as const;
  constructor(cause: unknown, options?: { backend?: string | undefined }) {
    super(`the body stream failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      backend: options?.backend,
      cause,
    });
  }
}

/**
 * The backend is not taking calls: its circuit breaker is open, it was closed, or (S3) its
 * endpoint refuses connections or sheds load (`SlowDown`, 503 `ServiceUnavailable`).
 */
export class BackendUnavailableError extends BackendError {
  readonly code = 'EBACKEND_OPEN' as const;
}

/**
 * A backend call did not answer in time: the breaker's timeout fired (the call was aborted), or
 * (S3) the client's first-byte or idle timeout did.
 */
export class BackendTimeoutError extends BackendError {
  readonly code = 'EBACKEND_TIMEOUT' as const;
}

/** Any other driver failure; the driver's own error is in `cause`. */
export class BackendIoError extends BackendError {
  readonly code = 'EBACKEND_IO' as const;
}

/**
 * The backend refused the request itself as invalid: an S3 4xx that describes this request, such
 * as `KeyTooLongError` (the prefix plus the blob name exceed the service's key limit),
 * `EntityTooLarge` or `InvalidObjectState`. The request, not the backend's health, is at fault,
 * so a circuit breaker does not count it (it is in {@link CLIENT_ERROR_CODES}); repeating the
 * same request fails the same way. The service's error is `cause`.
 */
export class BackendRejectedError extends BackendError {
  readonly code = 'EBACKEND_REJECTED' as const;
}

/** The backend is out of space (a full disk, ENOSPC; an S3 `QuotaExceeded`). */
export class InsufficientStorageError extends BackendError {
  readonly code = 'ENOSPC' as const;
}

/** The backend refused access (EACCES/EPERM on disk, 403 from a service). */
export class BackendAccessDeniedError extends BackendError {
  readonly code = 'EACCES' as const;
}
