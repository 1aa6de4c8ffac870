import { isS3ClientError } from './s3-client-error.js';
import { isS3TransportError } from './s3-transport-error.js';

// Replies that mean "try again later": the service did not do the work, or is overloaded.
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
const RETRYABLE_CODES = new Set([
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequests',
]);
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
// Throttling replies: the request was refused before any work, so even a request that must not
// run twice (CreateMultipartUpload) can be sent again.
const THROTTLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequests',
]);

/**
 * Whether a failed attempt may be retried.
 *
 * - Idempotent requests (GET, HEAD, PUT, DELETE, DeleteObjects, CompleteMultipartUpload) retry
 *   on connection failures, timeouts, 5xx, 429 and the throttling/timeout codes.
 * - Requests that must not run twice (CreateMultipartUpload) retry only when the service cannot
 *   have acted: the connection never opened, or a throttling reply.
 *
 * Whether the body can be sent again is checked by the caller.
 */
export function isRetryable(err: unknown, idempotent: boolean): boolean {
  if (isS3TransportError(err)) return idempotent || err.code === 'ECONNECT';
  if (!isS3ClientError(err)) return false;
  if (!idempotent) return THROTTLE_CODES.has(err.code) || err.status === 429;
  return RETRYABLE_CODES.has(err.code) || RETRYABLE_STATUSES.has(err.status);
}

/**
 * Equal-jitter exponential backoff before retry number `retry` (1 for the first retry): half of
 * `min(cap, base * 2^(retry-1))` plus a random share of the other half, so clients throttled
 * together do not retry in lockstep and the wait never collapses to zero.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffMs(
  retry: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (retry - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}
