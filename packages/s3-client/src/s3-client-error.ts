import type { S3ErrorCode } from '@strata/s3-xml';

/** Brand set on every {@link S3ClientError}; a registered symbol, so it survives duplicate copies. */
const BRAND: unique symbol = Symbol.for('strata.s3-client-error');

/**
 * An S3 error code: one of the codes `@strata/s3-xml` knows, or any other string a service sends
 * (S3-compatible services invent their own). Bodiless replies (HEAD) get `NotFound`,
 * `NotModified`, `PreconditionFailed`, `Forbidden`… derived from the status.
 */
export type S3ClientErrorCode =
  S3ErrorCode | 'NotFound' | 'NotModified' | 'Forbidden' | (string & {});

/** What an {@link S3ClientError} was read from. */
export interface S3ClientErrorInit {
  code: S3ClientErrorCode;
  status: number;
  message?: string | undefined;
  requestId?: string | undefined;
  /** `x-amz-id-2`. */
  hostId?: string | undefined;
  resource?: string | undefined;
  /** Every other leaf element of the error body (`Key`, `BucketName`, `Condition`…). */
  details?: Record<string, string>;
  /** How many attempts were made before giving up. */
  attempts?: number;
}

/**
 * An error reply from an S3 service: the S3 `<Code>`, the HTTP status and the request id,
 * parsed from the XML error body (read under a size cap) or derived from the status when the
 * reply has no body.
 *
 * @example
 * ```ts
 * try { await client.headObject('b', 'k'); }
 * catch (err) { if (isS3ClientError(err) && err.status === 404) return undefined; throw err; }
 * ```
 */
export class S3ClientError extends Error {
  /** Brand checked by {@link isS3ClientError}. */
  readonly [BRAND] = true as const;
  /** The S3 error code (`<Code>`), such as `NoSuchKey` or `SlowDown`. */
  readonly code: S3ClientErrorCode;
  /** HTTP status of the reply (a 200 carrying an `<Error>` body keeps its 200). */
  readonly status: number;
  /** `x-amz-request-id` or `<RequestId>`. */
  readonly requestId: string | undefined;
  /** `x-amz-id-2` or `<HostId>`. */
  readonly hostId: string | undefined;
  /** `<Resource>`, when the service sent it. */
  readonly resource: string | undefined;
  /** Other leaf elements of the error body. */
  readonly details: Readonly<Record<string, string>>;
  /** Attempts made, retries included. */
  readonly attempts: number;

  constructor(init: S3ClientErrorInit) {
    super(init.message ?? `S3 replied ${init.status} ${init.code}`);
    this.name = 'S3ClientError';
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.hostId = init.hostId;
    this.resource = init.resource;
    this.details = { ...init.details };
    this.attempts = init.attempts ?? 1;
  }
}

/**
 * Whether `value` is an {@link S3ClientError} (from any copy of this package), optionally with
 * the given `code`.
 *
 * @example
 * ```ts
 * if (isS3ClientError(err, 'NoSuchUpload')) return;
 * ```
 */
export function isS3ClientError(value: unknown, code?: S3ClientErrorCode): value is S3ClientError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return code === undefined || (value as S3ClientError).code === code;
}
