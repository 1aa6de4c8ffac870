import { isS3ClientError } from '@strata/s3-client';

/**
 * One line for a failure: `(Code) message`, with the S3 error code (`NoSuchKey`,
 * `AccessDenied`…), the transfer or transport code (`EUNSAFE_KEY`, `ECONNECT`…) or the system
 * error code (`EACCES`…), as aws cli names the error of a failed file.
 */
export function describeError(error: unknown): string {
  if (isS3ClientError(error)) {
    // A HEAD reply has no body, so no S3 code: say what the 404 means.
    if (error.code === 'NotFound') return '(NotFound) 404: the key or its bucket does not exist';
    return `(${error.code}) ${error.message}`;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `(${code}) ${message}` : message;
}
