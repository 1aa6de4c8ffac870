import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { ChecksumFunctions } from '../types.js';

/** Big-endian base64 of a CRC32 value, as S3 sends it. */
export function crc32Base64(data: Buffer, initial = 0): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(data.length === 0 ? initial : crc32(data, initial));
  return out.toString('base64');
}

/**
 * Checksum functions for tests, built only from Node's own CRC32 and hashes (the production ones
 * come from `@strata/sigv4-verify`, which this package must not import). `combineCrc` uses an
 * identity independent of the GF(2) method the real one uses: CRC is affine, so
 * crc(A‖B) = crc(A‖0ⁿ) ⊕ crc(B) ⊕ crc(0ⁿ) with n = |B|, and zlib continues crc(A) over zeros.
 * CRC32 only; other CRCs throw.
 */
export const nodeChecksums: ChecksumFunctions = {
  createChecksum(algorithm) {
    if (algorithm === 'SHA1' || algorithm === 'SHA256') {
      const hash = createHash(algorithm.toLowerCase());
      return { update: (d) => void hash.update(d), digest: () => hash.copy().digest('base64') };
    }
    if (algorithm !== 'CRC32') throw new Error(`test checksums: no ${algorithm}`);
    let crc = 0;
    return {
      update: (d) => void (d.length > 0 && (crc = crc32(d, crc))),
      digest: () => crc32Base64(Buffer.alloc(0), crc),
    };
  },
  combineCrc(algorithm, first, second, secondLength) {
    if (algorithm !== 'CRC32') throw new Error(`test checksums: no ${algorithm}`);
    if (secondLength === 0) return first;
    const zeros = Buffer.alloc(secondLength);
    const a = Buffer.from(first, 'base64').readUInt32BE();
    const b = Buffer.from(second, 'base64').readUInt32BE();
    const out = Buffer.alloc(4);
    out.writeUInt32BE((crc32(zeros, a) ^ b ^ crc32(zeros)) >>> 0);
    return out.toString('base64');
  },
};
