import { isS3Error } from '@strata/s3-xml';
import { describe, expect, it } from 'vitest';
import { parseCopySource, parseCopySourceRange } from './copy-source.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return isS3Error(err) ? err.code : String(err);
  }
}

describe('parseCopySource', () => {
  it('reads bucket, URL-encoded key and version id, with or without a leading slash', () => {
    expect(parseCopySource('/b/a%20b/%F0%9F%98%80?versionId=v%2B1')).toEqual({
      bucket: 'b',
      key: 'a b/😀',
      versionId: 'v+1',
    });
    expect(parseCopySource('b/k')).toEqual({ bucket: 'b', key: 'k', versionId: undefined });
  });

  it.each(['b', 'b/', '/k', '', 'b/%E0%A4%A'])('refuses %j with InvalidArgument', (header) => {
    expect(code(() => parseCopySource(header))).toBe('InvalidArgument');
  });
});

describe('parseCopySourceRange', () => {
  it('reads bytes=first-last', () => {
    expect(parseCopySourceRange(' bytes=0-9\t')).toEqual({ start: 0, end: 9 });
    expect(parseCopySourceRange(undefined)).toBeUndefined();
  });

  // Found by copy-source.fuzz.test.ts.
  it.each([
    // U+00A0 is not OWS (RFC 9110 §5.5): the value is malformed, not trimmed.
    '\u00a0bytes=0-0\u00a0',
    // Last before first past 2^53, where `Number` rounds both to one value.
    'bytes=9007199254740993-9007199254740992',
  ])('refuses %j with InvalidArgument (regression)', (header) => {
    expect(code(() => parseCopySourceRange(header))).toBe('InvalidArgument');
  });
});
