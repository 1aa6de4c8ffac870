import { describe, expect, it } from 'vitest';
import { S3Error, S3_ERROR_BRAND, isS3Error } from './s3-error.js';
import type * as S3ErrorModule from './s3-error.js';
import type { S3ErrorCode } from './s3-errors.js';

describe('S3Error', () => {
  it('takes status and message from the table', () => {
    const err = new S3Error('NoSuchKey');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('S3Error');
    expect(err.code).toBe('NoSuchKey');
    expect(err.status).toBe(404);
    expect(err.message).toBe('The specified key does not exist.');
    expect(err.resource).toBeUndefined();
    expect(err.requestId).toBeUndefined();
    expect(err.extra).toEqual({});
    expect(err.headers).toEqual({});
  });

  it('keeps options, copying extra and headers', () => {
    const cause = new Error('disk gone');
    const extra = { ActualObjectSize: '10', RangeRequested: 'bytes=20-30' };
    const headers = { 'Content-Range': 'bytes */10' };
    const err = new S3Error('InvalidRange', {
      message: 'custom',
      resource: '/b/k',
      requestId: 'R',
      extra,
      headers,
      cause,
    });
    extra.ActualObjectSize = 'changed';
    expect(err.status).toBe(416);
    expect(err.message).toBe('custom');
    expect(err.resource).toBe('/b/k');
    expect(err.requestId).toBe('R');
    expect(err.extra).toEqual({ ActualObjectSize: '10', RangeRequested: 'bytes=20-30' });
    expect(err.headers).toEqual(headers);
    expect(err.cause).toBe(cause);
  });

  it('refuses unknown codes and bad extra element names', () => {
    expect(() => new S3Error('Nope' as S3ErrorCode)).toThrow(TypeError);
    expect(() => new S3Error('toString' as S3ErrorCode)).toThrow(TypeError);
    expect(() => new S3Error('InternalError', { extra: { 'a b': 'x' } })).toThrow(TypeError);
    expect(() => new S3Error('InternalError', { extra: { '<x>': 'x' } })).toThrow(TypeError);
    expect(() => new S3Error('InternalError', { extra: { RequestId: 'x' } })).toThrow(TypeError);
  });

  it('is recognised by brand, not by class identity', () => {
    const err = new S3Error('SlowDown');
    expect(isS3Error(err)).toBe(true);
    expect(S3Error.isS3Error(err)).toBe(true);
    expect(err[S3_ERROR_BRAND]).toBe(true);
    expect(S3_ERROR_BRAND).toBe(Symbol.for('strata.s3-error'));
    // What an S3Error from a second copy of the package looks like to this one.
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('strata.s3-error')]: true,
      code: 'SlowDown',
    });
    expect(foreign instanceof S3Error).toBe(false);
    expect(isS3Error(foreign)).toBe(true);
    expect(isS3Error(new Error('plain'))).toBe(false);
    expect(isS3Error({ code: 'NoSuchKey', status: 404 })).toBe(false);
    expect(isS3Error(null)).toBe(false);
    expect(isS3Error('NoSuchKey')).toBe(false);
  });

  it('is recognised across a separately loaded module instance', async () => {
    // The query string makes vite load and evaluate the module a second time: a duplicate copy.
    const specifier = './s3-error.js?duplicate-copy';
    const copy = (await import(specifier)) as typeof S3ErrorModule;
    expect(copy.S3Error).not.toBe(S3Error);
    const err = new copy.S3Error('AccessDenied');
    expect(err instanceof S3Error).toBe(false);
    expect(isS3Error(err)).toBe(true);
    expect(copy.isS3Error(new S3Error('AccessDenied'))).toBe(true);
  });
});
