import { S3Error } from '@strata/s3-xml';

/**
 * `503 SlowDown` with `Retry-After` (whole seconds, at least 1), the answer S3 gives a client
 * that exceeds a request rate; SDKs back off and retry it.
 */
export function slowDown(detail: string, retryAfterMs: number): S3Error {
  return new S3Error('SlowDown', {
    message: `Please reduce your request rate: ${detail}.`,
    headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
  });
}
