/**
 * Every failure this package reports, as the S3 error code AWS returns for it, with the HTTP
 * status AWS uses. The gateway maps a {@link SigV4Error} 1:1 onto an S3 error response.
 */
export const SIGV4_ERROR_STATUS = {
  AccessDenied: 403,
  InvalidAccessKeyId: 403,
  SignatureDoesNotMatch: 403,
  RequestTimeTooSkewed: 403,
  InvalidChunkSizeError: 403,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  InvalidArgument: 400,
  InvalidRequest: 400,
  MissingSecurityHeader: 400,
  XAmzContentSHA256Mismatch: 400,
  IncompleteBody: 400,
  BadDigest: 400,
  InvalidDigest: 400,
  MalformedTrailerError: 400,
  // Browser POST uploads (parsePostObject).
  MalformedPOSTRequest: 400,
  MaxPostPreDataLengthExceededError: 400,
  InvalidPolicyDocument: 400,
  EntityTooLarge: 400,
  EntityTooSmall: 400,
  PreconditionFailed: 412,
} as const;

/** An S3 error code this package can produce. */
export type SigV4ErrorCode = keyof typeof SIGV4_ERROR_STATUS;

/** All codes a {@link SigV4Error} can carry. */
export const SIGV4_ERROR_CODES = Object.keys(SIGV4_ERROR_STATUS) as readonly SigV4ErrorCode[];

const BRAND = Symbol.for('strata.sigv4-verify.SigV4Error');

/**
 * A request failed authentication or its body failed verification.
 *
 * `code` is the S3 error code, `status` the HTTP status AWS answers with, and `detail` the extra
 * elements AWS puts into the error body (for example `StringToSign`, `CanonicalRequest`,
 * `Region`, `ServerTime`, `RequestTime`). Never includes a secret or a computed signature.
 */
export class SigV4Error extends Error {
  /** The S3 error code. */
  readonly code: SigV4ErrorCode;
  /** The HTTP status AWS uses for `code`. */
  readonly status: number;
  /** Extra S3 error body elements, element name → text. */
  readonly detail: Readonly<Record<string, string>>;

  constructor(
    code: SigV4ErrorCode,
    message: string,
    detail: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SigV4Error';
    this.code = code;
    this.status = SIGV4_ERROR_STATUS[code];
    this.detail = detail;
  }

  /** `true` for a {@link SigV4Error}, even one from another copy of this package. */
  static is(value: unknown): value is SigV4Error {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[BRAND] === true
    );
  }

  /** Brand so {@link SigV4Error.is} works across duplicate package copies. */
  get [BRAND](): true {
    return true;
  }
}
