/** Brand set on every {@link S3UploadAbortError}. */
const BRAND: unique symbol = Symbol.for('strata.s3-upload-abort-error');

/**
 * `upload` failed and so did the AbortMultipartUpload sent to clean up: the upload's parts may
 * still be stored (and billed). Abort `uploadId` later, or let a lifecycle rule do it.
 * `uploadError` is what made the upload fail; `cause` is why the abort failed.
 */
export class S3UploadAbortError extends Error {
  /** Brand checked by {@link isS3UploadAbortError}. */
  readonly [BRAND] = true as const;
  readonly code = 'EABORT_FAILED' as const;
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly uploadError: unknown;

  constructor(
    target: { bucket: string; key: string; uploadId: string },
    uploadError: unknown,
    abortError: unknown,
  ) {
    super(`upload of ${target.key} failed and its multipart upload could not be aborted`, {
      cause: abortError,
    });
    this.name = 'S3UploadAbortError';
    this.bucket = target.bucket;
    this.key = target.key;
    this.uploadId = target.uploadId;
    this.uploadError = uploadError;
  }
}

/** Whether `value` is an {@link S3UploadAbortError}. */
export function isS3UploadAbortError(value: unknown): value is S3UploadAbortError {
  return (
    typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true
  );
}
