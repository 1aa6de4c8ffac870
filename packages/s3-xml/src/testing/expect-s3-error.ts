import { expect } from 'vitest';
import { isS3Error } from '../s3-error.js';
import type { S3ErrorCode } from '../s3-errors.js';

/** Asserts that `fn` throws an S3Error with `code` and returns it. */
export function expectS3Error(fn: () => unknown, code: S3ErrorCode): unknown {
  try {
    fn();
  } catch (err) {
    expect(isS3Error(err), String(err)).toBe(true);
    expect((err as { code: string }).code).toBe(code);
    return err;
  }
  expect.unreachable(`expected S3Error ${code}`);
  return undefined;
}
