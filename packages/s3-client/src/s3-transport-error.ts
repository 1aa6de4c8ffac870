/** Brand set on every {@link S3TransportError}. */
const BRAND: unique symbol = Symbol.for('strata.s3-transport-error');

/** Why a request failed without an S3 reply. */
export const S3_TRANSPORT_ERROR_CODES = [
  /** Could not open a connection (refused, DNS, connect timeout). Nothing was sent. */
  'ECONNECT',
  /** No response headers within `timeouts.firstByteMs` after the request was sent. */
  'ETIMEDOUT_FIRST_BYTE',
  /** A body (request or response) made no progress for `timeouts.idleMs`. */
  'ETIMEDOUT_IDLE',
  /** The connection broke (reset, closed early, truncated body). */
  'ENETWORK',
] as const;
/** One of {@link S3_TRANSPORT_ERROR_CODES}. */
export type S3TransportErrorCode = (typeof S3_TRANSPORT_ERROR_CODES)[number];

/**
 * A request that failed below HTTP: no connection, a timeout, or a connection that broke, also
 * in the middle of a response body (a truncated body is always an error, never a short read).
 * The undici error is kept as `cause`.
 */
export class S3TransportError extends Error {
  /** Brand checked by {@link isS3TransportError}. */
  readonly [BRAND] = true as const;
  /** What went wrong. */
  readonly code: S3TransportErrorCode;
  /** Attempts made, retries included. */
  readonly attempts: number;

  constructor(
    code: S3TransportErrorCode,
    message: string,
    options: { cause?: unknown; attempts?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'S3TransportError';
    this.code = code;
    this.attempts = options.attempts ?? 1;
  }
}

/** Whether `value` is an {@link S3TransportError}, optionally with the given `code`. */
export function isS3TransportError(
  value: unknown,
  code?: S3TransportErrorCode,
): value is S3TransportError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return code === undefined || (value as S3TransportError).code === code;
}
