import { S3ClientError, S3TransportError, S3UploadAbortError } from '@strata/s3-client';
import type { S3TransportErrorCode } from '@strata/s3-client';
import { describe, expect, it } from 'vitest';
import { BlobNotFoundError, CLIENT_ERROR_CODES } from '../errors.js';
import { toBackendError } from './s3-errors.js';

const ctx = { backend: 'rgw-1', bucket: 'data', op: 'get', blob: 'b/k@1', uploadId: 'U1' };
const reply = (status: number, code: string, details: Record<string, string> = {}) =>
  new S3ClientError({ status, code, details });

describe('toBackendError', () => {
  it.each([
    [reply(404, 'NoSuchKey'), 'ENOBLOB'],
    [reply(404, 'NotFound'), 'ENOBLOB'],
    [reply(404, 'NoSuchUpload'), 'ENOUPLOAD'],
    [reply(400, 'InvalidPart', { PartNumber: '3' }), 'EINVALID_PART'],
    [reply(400, 'InvalidPartOrder'), 'EINVALID_PART'],
    [reply(400, 'EntityTooSmall'), 'EINVALID_PART'],
    [reply(403, 'AccessDenied'), 'EACCES'],
    [reply(403, 'InvalidAccessKeyId'), 'EACCES'],
    [reply(403, 'SignatureDoesNotMatch'), 'EACCES'],
    [reply(403, 'Forbidden'), 'EACCES'],
    [reply(403, 'QuotaExceeded'), 'ENOSPC'],
    [reply(400, 'KeyTooLongError'), 'EBACKEND_REJECTED'],
    [reply(400, 'EntityTooLarge'), 'EBACKEND_REJECTED'],
    [reply(403, 'InvalidObjectState'), 'EBACKEND_REJECTED'],
    [reply(503, 'SlowDown'), 'EBACKEND_OPEN'],
    [reply(503, 'ServiceUnavailable'), 'EBACKEND_OPEN'],
    [reply(429, 'TooManyRequests'), 'EBACKEND_OPEN'],
    [reply(500, 'InternalError'), 'EBACKEND_IO'],
    [reply(501, 'NotImplemented'), 'EBACKEND_IO'],
    [reply(301, 'PermanentRedirect'), 'EBACKEND_IO'],
    [reply(400, 'AuthorizationHeaderMalformed'), 'EBACKEND_IO'],
    [reply(404, 'NoSuchBucket'), 'EBACKEND_IO'],
    [new S3TransportError('ECONNECT', 'refused'), 'EBACKEND_OPEN'],
    [new S3TransportError('ETIMEDOUT_FIRST_BYTE', 'slow'), 'EBACKEND_TIMEOUT'],
    [new S3TransportError('ETIMEDOUT_IDLE', 'stalled'), 'EBACKEND_TIMEOUT'],
    [new S3TransportError('ENETWORK', 'reset'), 'EBACKEND_IO'],
    [new Error('something else'), 'EBACKEND_IO'],
  ] as const)('%s → %s, with backend and cause', (error, code) => {
    expect(toBackendError(error, ctx)).toMatchObject({ code, backend: 'rgw-1', cause: error });
  });

  it('counts configuration and health failures, not what describes the request', () => {
    const client = (e: unknown) =>
      (CLIENT_ERROR_CODES as readonly string[]).includes(
        (
          toBackendError(e, ctx) as Error & {
            code: string;
          }
        ).code,
      );
    expect(client(reply(404, 'NoSuchKey'))).toBe(true);
    expect(client(reply(400, 'KeyTooLongError'))).toBe(true);
    expect(client(reply(400, 'AuthorizationHeaderMalformed'))).toBe(false);
    expect(client(reply(404, 'NoSuchBucket'))).toBe(false);
    expect(client(new S3TransportError('ECONNECT', 'refused'))).toBe(false);
  });

  it('names what is missing: the blob, the upload, the part, the bucket', () => {
    expect(toBackendError(reply(404, 'NoSuchKey'), ctx)).toMatchObject({ blob: 'b/k@1' });
    expect(toBackendError(reply(404, 'NoSuchUpload'), ctx)).toMatchObject({ uploadId: 'U1' });
    const part = reply(400, 'InvalidPart', { PartNumber: '3' });
    expect(toBackendError(part, ctx)).toMatchObject({ partNumber: 3 });
    expect(toBackendError(reply(400, 'EntityTooSmall'), ctx)).toMatchObject({ partNumber: 0 });
    const bucket = toBackendError(reply(404, 'NoSuchBucket'), ctx) as Error;
    expect(bucket.message).toMatch(/backend rgw-1: bucket data does not exist/);
    // Without a blob in context (a listing), a 404 is not "blob not found".
    const { blob: _blob, ...listing } = ctx;
    expect(toBackendError(reply(404, 'NoSuchKey'), listing)).toMatchObject({
      code: 'EBACKEND_IO',
    });
  });

  it('a refused conditional put says the blob exists', () => {
    const err = toBackendError(reply(412, 'PreconditionFailed'), { ...ctx, op: 'put' }) as Error;
    expect(err).toMatchObject({ code: 'EBACKEND_IO' });
    expect(err.message).toMatch(/exists already/);
  });

  it('an upload whose cleanup failed too is an I/O error naming the upload', () => {
    const target = { bucket: 'data', key: 'b/k@1', uploadId: 'U9' };
    const error = new S3UploadAbortError(target, reply(500, 'InternalError'), new Error('x'));
    const mapped = toBackendError(error, { ...ctx, op: 'put' }) as Error;
    expect(mapped).toMatchObject({ code: 'EBACKEND_IO', cause: error });
    expect(mapped.message).toMatch(/U9 could not be aborted/);
  });

  it('passes aborts, its own errors and programmer errors through', () => {
    const controller = new AbortController();
    controller.abort();
    const reason: unknown = controller.signal.reason;
    expect(toBackendError(reply(500, 'InternalError'), { ...ctx, signal: controller.signal })).toBe(
      reason,
    );
    const timeout = new AbortController();
    const why = new Error('breaker timeout');
    timeout.abort(why);
    expect(toBackendError(new Error('echo'), { ...ctx, signal: timeout.signal })).toBe(why);
    const abort = new DOMException('gone', 'AbortError');
    expect(toBackendError(abort, ctx)).toBe(abort);
    const own = new BlobNotFoundError('x', { backend: 'rgw-1' });
    expect(toBackendError(own, ctx)).toBe(own);
    const range = new RangeError('bad part size');
    expect(toBackendError(range, ctx)).toBe(range);
  });

  it('maps every transport code', () => {
    const codes: S3TransportErrorCode[] = [
      'ECONNECT',
      'ETIMEDOUT_FIRST_BYTE',
      'ETIMEDOUT_IDLE',
      'ENETWORK',
    ];
    for (const code of codes) {
      const mapped = toBackendError(new S3TransportError(code, 'x'), ctx) as Error;
      expect(mapped.message).toContain('get on backend rgw-1');
    }
  });
});
