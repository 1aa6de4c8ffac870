import { isS3Error } from '@strata/s3-xml';
import { describe, expect, it } from 'vitest';
import { parseRange, resolveRange } from './range.js';

describe('parseRange', () => {
  it.each([
    ['bytes=0-9', { kind: 'bounded', start: 0, end: 9 }],
    ['bytes=5-', { kind: 'from', start: 5 }],
    ['bytes=-3', { kind: 'suffix', length: 3 }],
    ['bytes=-0', { kind: 'suffix', length: 0 }],
    ['BYTES=1-1', { kind: 'bounded', start: 1, end: 1 }],
    [' bytes=2-4 ', { kind: 'bounded', start: 2, end: 4 }],
  ])('parses %s', (header, spec) => {
    expect(parseRange(header)).toEqual(spec);
  });

  it.each([
    '',
    'bytes=',
    'bytes=-',
    'bytes=5-2',
    'bytes=0-1,3-4',
    'items=0-1',
    'bytes=a-b',
    'bytes 0-1',
    'bytes=1.5-2',
  ])('ignores %j (S3 then serves the whole object)', (header) => {
    expect(parseRange(header)).toBeUndefined();
  });

  // Found by range.fuzz.test.ts.
  it.each([
    // Not OWS (RFC 9110 §5.5): U+00A0 around the value makes it invalid, not trimmed.
    '\u00a0bytes=0-1',
    'bytes=-0\u00a0',
    // Last before first past 2^53, where `Number` rounds both to one value.
    'bytes=9007199254740996-9007199254740995',
    'bytes=9007199254740993-9007199254740992',
  ])('ignores %j (regression)', (header) => {
    expect(parseRange(header)).toBeUndefined();
  });
});

function rangeError(fn: () => unknown): {
  code: string;
  headers: Record<string, string>;
  extra: Record<string, string>;
} {
  try {
    fn();
  } catch (error) {
    if (isS3Error(error)) return error;
    throw error;
  }
  throw new Error('expected an S3Error');
}

describe('resolveRange', () => {
  it('serves bounded, open-ended and suffix ranges', () => {
    expect(resolveRange({ kind: 'bounded', start: 2, end: 4 }, 10)).toEqual({ start: 2, end: 4 });
    expect(resolveRange({ kind: 'from', start: 7 }, 10)).toEqual({ start: 7, end: 9 });
    expect(resolveRange({ kind: 'suffix', length: 3 }, 10)).toEqual({ start: 7, end: 9 });
  });

  it('clamps an end past the object and a suffix longer than it', () => {
    expect(resolveRange({ kind: 'bounded', start: 8, end: 1000 }, 10)).toEqual({
      start: 8,
      end: 9,
    });
    expect(resolveRange({ kind: 'suffix', length: 50 }, 10)).toEqual({ start: 0, end: 9 });
  });

  it('answers 416 InvalidRange with Content-Range for a start at or past the end', () => {
    const error = rangeError(() => resolveRange({ kind: 'bounded', start: 10, end: 20 }, 10));
    expect(error.code).toBe('InvalidRange');
    expect(error.headers['Content-Range']).toBe('bytes */10');
    expect(error.extra).toEqual({ ActualObjectSize: '10', RangeRequested: 'bytes=10-20' });
    expect(rangeError(() => resolveRange({ kind: 'from', start: 11 }, 10)).code).toBe(
      'InvalidRange',
    );
  });

  it('answers 416 for bytes=-0', () => {
    expect(rangeError(() => resolveRange({ kind: 'suffix', length: 0 }, 10)).code).toBe(
      'InvalidRange',
    );
  });

  it('on a zero-byte object: 416 for a first-byte range, whole (empty) body for a suffix', () => {
    expect(
      rangeError(() => resolveRange({ kind: 'bounded', start: 0, end: 0 }, 0)).headers[
        'Content-Range'
      ],
    ).toBe('bytes */0');
    expect(rangeError(() => resolveRange({ kind: 'from', start: 0 }, 0)).code).toBe('InvalidRange');
    expect(resolveRange({ kind: 'suffix', length: 5 }, 0)).toBeUndefined();
    expect(rangeError(() => resolveRange({ kind: 'suffix', length: 0 }, 0)).code).toBe(
      'InvalidRange',
    );
  });
});
