import { describe, expect, it } from 'vitest';
import { BackendAccessDeniedError, BlobNotFoundError } from '@strata/backend-pool';
import { MissingKeyError } from '@strata/envelope';
import { ObjectLockedError } from '@strata/metastore-core';
import { ObjectDataLostError } from '@strata/object-layer';
import { internalErrorLog, toS3Error } from './to-s3-error.js';

describe('toS3Error: server faults are 500 InternalError, logged', () => {
  it('an S3 backend answering 403 (wrong or revoked backend credentials): InternalError, not AccessDenied', () => {
    // What the S3 driver throws for a backend's 403 (backend-pool `s3-errors.ts`).
    const error = new BackendAccessDeniedError(
      'get on backend remote (bucket store): 403 InvalidAccessKeyId',
      { backend: 'remote', cause: Object.assign(new Error('denied'), { status: 403 }) },
    );
    const { error: s3, internal } = toS3Error(error);
    expect([s3.code, s3.status, internal]).toEqual(['InternalError', 500, true]);
    // The client learns nothing about the backend.
    expect(s3.message).not.toContain('remote');
    expect(internalErrorLog(error)).toEqual([
      {
        message: 'storage backend remote refused access: check its permissions or credentials',
        fields: { backend: 'remote' },
      },
    ]);
  });

  it('a directory refusing access (EACCES, EPERM, EROFS): the log names the path', () => {
    const cause = Object.assign(new Error('EACCES: permission denied'), {
      code: 'EACCES',
      syscall: 'open',
      path: '/data/objects/tmp/1.tmp',
    });
    const error = new BackendAccessDeniedError('put: access denied on backend local', {
      backend: 'local',
      cause,
    });
    expect(toS3Error(error).error.status).toBe(500);
    expect(internalErrorLog(error)[0]?.fields).toEqual({
      backend: 'local',
      path: '/data/objects/tmp/1.tmp',
    });
  });

  it('lost data: InternalError, one log line per missing blob', () => {
    const error = new ObjectDataLostError({ bucket: 'b', key: 'k', versionId: 'v1' }, [
      { backend: 'x', blob: 'b/k@v1' },
      { backend: 'y', blob: 'b/k@v1' },
    ]);
    const { error: s3, internal } = toS3Error(error);
    expect([s3.code, s3.status, internal]).toEqual(['InternalError', 500, true]);
    expect(internalErrorLog(error).map((line) => line.fields)).toEqual([
      { bucket: 'b', key: 'k', versionId: 'v1', backend: 'x', blob: 'b/k@v1' },
      { bucket: 'b', key: 'k', versionId: 'v1', backend: 'y', blob: 'b/k@v1' },
    ]);
  });

  it('a missing encryption key: InternalError to the client, the key id in the log only', () => {
    const error = new MissingKeyError('k-2025');
    const { error: s3, internal } = toS3Error(error);
    expect([s3.code, s3.status, internal]).toEqual(['InternalError', 500, true]);
    expect(s3.message).not.toContain('k-2025');
    expect(internalErrorLog(error)).toEqual([
      {
        message:
          'encryption key k-2025 is not in encryption.keys: objects encrypted under it cannot be read',
        fields: { keyId: 'k-2025' },
      },
    ]);
  });

  it('a bare missing blob (a key deleted during a degraded read) stays NoSuchKey', () => {
    const { error, internal } = toS3Error(new BlobNotFoundError('b/k@v1', { backend: 'x' }));
    expect([error.code, error.status, internal]).toEqual(['NoSuchKey', 404, false]);
  });
});

describe('toS3Error: client errors from the libraries', () => {
  it('a version Object Lock protects, from whatever path reached the metastore: 403 AccessDenied', () => {
    const { error, internal } = toS3Error(new ObjectLockedError('compliance'));
    expect([error.code, error.status, internal]).toEqual(['AccessDenied', 403, false]);
  });
});
