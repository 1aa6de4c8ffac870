import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { COMBINABLE_CHECKSUM_ALGORITHMS } from './combine-crc.js';
import { compositeChecksum, fullObjectChecksum } from './multipart-checksum.js';
import { digest } from './testing/digest.js';

const PARTS = [randomBytes(5000), randomBytes(1), randomBytes(70_000)];

describe('compositeChecksum', () => {
  it('is the checksum of the binary part checksums, then -N', () => {
    const parts = PARTS.map((p) => digest('SHA256', p));
    const raw = Buffer.concat(parts.map((p) => Buffer.from(p, 'base64')));
    expect(compositeChecksum('SHA256', parts)).toBe(`${digest('SHA256', raw)}-3`);
  });

  it('gives the multipart ETag with MD5 and hex', () => {
    const etags = PARTS.map((p) => createHash('md5').update(p).digest('hex'));
    const md5OfMd5s = createHash('md5');
    for (const etag of etags) md5OfMd5s.update(Buffer.from(etag, 'hex'));
    expect(compositeChecksum('MD5', etags, 'hex')).toBe(`${md5OfMd5s.digest('hex')}-3`);
  });
});

describe('fullObjectChecksum', () => {
  it('equals the CRC of the whole object, for one part, many, and none', () => {
    for (const algorithm of COMBINABLE_CHECKSUM_ALGORITHMS) {
      const parts = PARTS.map((p) => ({ checksum: digest(algorithm, p), size: p.length }));
      expect(fullObjectChecksum(algorithm, parts)).toBe(digest(algorithm, ...PARTS));
      expect(fullObjectChecksum(algorithm, parts.slice(0, 1))).toBe(digest(algorithm, PARTS[0]!));
      expect(fullObjectChecksum(algorithm, [])).toBe(digest(algorithm));
    }
  });
});
