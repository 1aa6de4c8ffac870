import { describe, expect, it } from 'vitest';
import { backoffMs, isRetryable } from './retry-policy.js';
import { S3ClientError } from './s3-client-error.js';
import { S3TransportError } from './s3-transport-error.js';

const reply = (code: string, status: number) => new S3ClientError({ code, status });

describe('backoffMs (equal jitter)', () => {
  it('waits between half and all of the exponential ceiling', () => {
    expect(backoffMs(1, 100, 5_000, () => 0)).toBe(50);
    expect(backoffMs(1, 100, 5_000, () => 1)).toBe(100);
    expect(backoffMs(3, 100, 5_000, () => 0)).toBe(200);
    expect(backoffMs(3, 100, 5_000, () => 1)).toBe(400);
  });

  it('never exceeds the cap', () => {
    expect(backoffMs(30, 100, 5_000, () => 1)).toBe(5_000);
    expect(backoffMs(30, 100, 5_000, () => 0)).toBe(2_500);
  });
});

describe('isRetryable', () => {
  it('retries idempotent requests on 5xx, throttling and broken connections', () => {
    expect(isRetryable(reply('SlowDown', 503), true)).toBe(true);
    expect(isRetryable(reply('InternalError', 500), true)).toBe(true);
    expect(isRetryable(reply('RequestTimeout', 400), true)).toBe(true);
    expect(isRetryable(reply('Http502', 502), true)).toBe(true);
    expect(isRetryable(new S3TransportError('ENETWORK', 'reset'), true)).toBe(true);
    expect(isRetryable(new S3TransportError('ETIMEDOUT_FIRST_BYTE', 't'), true)).toBe(true);
  });

  it('does not retry client errors', () => {
    expect(isRetryable(reply('NoSuchKey', 404), true)).toBe(false);
    expect(isRetryable(reply('AccessDenied', 403), true)).toBe(false);
    expect(isRetryable(reply('PreconditionFailed', 412), true)).toBe(false);
    expect(isRetryable(new Error('caller stream failed'), true)).toBe(false);
  });

  it('retries a request that must not run twice only when the service cannot have acted', () => {
    expect(isRetryable(new S3TransportError('ECONNECT', 'refused'), false)).toBe(true);
    expect(isRetryable(reply('SlowDown', 503), false)).toBe(true);
    expect(isRetryable(new S3TransportError('ENETWORK', 'reset'), false)).toBe(false);
    expect(isRetryable(new S3TransportError('ETIMEDOUT_FIRST_BYTE', 't'), false)).toBe(false);
    expect(isRetryable(reply('InternalError', 500), false)).toBe(false);
  });
});
