import { sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOB_SUFFIX, SEGMENT_CHARS, blobRelativePath, decodeBlobSegments } from './blob-path.js';
import { mapFsError } from './fs-io.js';

describe('blobRelativePath', () => {
  it('shards, stays under the file name limit and decodes back', () => {
    for (const name of ['', 'a', '../../x', `b/${'é'.repeat(550)}@1`, 'a%2Fb c/d']) {
      const segments = blobRelativePath(name).split(sep);
      expect(segments[0]).toMatch(/^[0-9a-f]{2}$/);
      expect(segments[1]).toMatch(/^[0-9a-f]{2}$/);
      for (const s of segments)
        expect(Buffer.byteLength(s)).toBeLessThanOrEqual(SEGMENT_CHARS + BLOB_SUFFIX.length);
      expect(segments).not.toContain('..');
      expect(decodeBlobSegments(segments.slice(2))).toBe(name);
    }
  });

  it('never maps a blob file onto a directory of a longer name', () => {
    const short = 'x'.repeat(150); // exactly one full segment
    const long = short + 'more';
    const a = blobRelativePath(short).split(sep).slice(2);
    const b = blobRelativePath(long).split(sep).slice(2);
    expect(a[0]).not.toBe(b[0]);
    expect(decodeBlobSegments(['stray-file'])).toBeUndefined();
  });
});

describe('mapFsError', () => {
  const errno = (code: string) => Object.assign(new Error(code), { code, syscall: 'write' });
  it('maps errno codes to typed errors that keep the cause', () => {
    const full = errno('ENOSPC');
    expect(mapFsError(full, 'd', 'put')).toMatchObject({
      code: 'ENOSPC',
      backend: 'd',
      cause: full,
    });
    expect(mapFsError(errno('EACCES'), 'd', 'put')).toMatchObject({ code: 'EACCES' });
    expect(mapFsError(errno('EPERM'), 'd', 'put')).toMatchObject({ code: 'EACCES' });
    expect(mapFsError(errno('EIO'), 'd', 'put')).toMatchObject({ code: 'EBACKEND_IO' });
  });
});
