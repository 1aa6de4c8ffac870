import { S3_ERRORS, type S3ErrorCode } from './s3-errors.js';

/**
 * Brand set on every {@link S3Error}. It is a registered symbol (`Symbol.for`), so an error made by
 * one copy of this package is recognised by another copy in the same process.
 */
export const S3_ERROR_BRAND: unique symbol = Symbol.for('strata.s3-error');

/** Element names {@link serializeError} writes itself; `extra` may not reuse them. */
const RESERVED_ELEMENTS = new Set(['Code', 'Message', 'Resource', 'RequestId', 'HostId']);
// An XML Name restricted to ASCII: every element S3 adds to an error body fits it.
const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** Options for {@link S3Error}. */
export interface S3ErrorOptions {
  /** `<Message>`; defaults to the message in {@link S3_ERRORS}. */
  message?: string;
  /** `<Resource>` (for example `/bucket/key`); overrides the one the serializer is given. */
  resource?: string;
  /** Request id, when the error was read from another S3 service's reply. */
  requestId?: string;
  /**
   * Extra elements S3 adds to some errors, in order: `BucketName`, `Key`, `UploadId`, `Condition`,
   * `ArgumentName`, `ArgumentValue`, `Region`, `StringToSign`, `CanonicalRequest`,
   * `ActualObjectSize`, `RangeRequested`, `ExpectedDigest`…
   */
  extra?: Record<string, string>;
  /** Extra response headers, such as `Content-Range` for a 416 or `Retry-After` for a 503. */
  headers?: Record<string, string>;
  /** The underlying error, kept for logs; never rendered. */
  cause?: unknown;
}

/**
 * An S3 error: a code from {@link S3_ERRORS} with its HTTP status, message and the details S3
 * puts in the error body. The gateway renders it with `serializeError`.
 *
 * @throws TypeError when `code` is not in the table or an `extra` name is not a plain element
 *   name or is one the error body already has (`Code`, `Message`, `Resource`, `RequestId`,
 *   `HostId`); both are programming errors.
 * @example
 * ```ts
 * throw new S3Error('NoSuchKey', { extra: { Key: 'photos/cat.jpg' } });
 * ```
 */
export class S3Error extends Error {
  /** Brand checked by {@link isS3Error}. */
  readonly [S3_ERROR_BRAND] = true as const;
  /** The S3 error code (`<Code>`). */
  readonly code: S3ErrorCode;
  /** The HTTP status S3 answers this code with. */
  readonly status: number;
  /** `<Resource>`, if the thrower knows it better than the edge. */
  readonly resource: string | undefined;
  /** Request id of a reply this error was read from. */
  readonly requestId: string | undefined;
  /** Extra elements of the error body, in insertion order. */
  readonly extra: Record<string, string>;
  /** Extra response headers. */
  readonly headers: Record<string, string>;

  constructor(code: S3ErrorCode, options: S3ErrorOptions = {}) {
    const entry = Object.hasOwn(S3_ERRORS, code) ? S3_ERRORS[code] : undefined;
    if (entry === undefined) throw new TypeError(`Unknown S3 error code: ${String(code)}`);
    super(options.message ?? entry.message, { cause: options.cause });
    this.name = 'S3Error';
    this.code = code;
    this.status = entry.status;
    this.resource = options.resource;
    this.requestId = options.requestId;
    this.extra = { ...options.extra };
    this.headers = { ...options.headers };
    for (const name of Object.keys(this.extra)) {
      if (!ELEMENT_NAME.test(name) || RESERVED_ELEMENTS.has(name)) {
        throw new TypeError(`S3Error extra element name not allowed: ${name}`);
      }
    }
  }

  /** Whether `value` is an {@link S3Error}, from this or any other copy of the package. */
  static isS3Error(value: unknown): value is S3Error {
    return isS3Error(value);
  }
}

/**
 * Whether `value` is an {@link S3Error}. Checks the `Symbol.for('strata.s3-error')` brand, not
 * `instanceof`, so it holds across duplicate copies of this package.
 *
 * @example
 * ```ts
 * if (isS3Error(err)) reply.status(err.status);
 * ```
 */
export function isS3Error(value: unknown): value is S3Error {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [S3_ERROR_BRAND]?: unknown })[S3_ERROR_BRAND] === true
  );
}
