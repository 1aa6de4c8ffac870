import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { combineCrc, COMBINABLE_CHECKSUM_ALGORITHMS } from './combine-crc.js';
import { InvalidChecksumError } from './invalid-checksum-error.js';
import { digest } from './testing/digest.js';

describe('combineCrc', () => {
  it('equals the checksum of the concatenation', () => {
    for (const algorithm of COMBINABLE_CHECKSUM_ALGORITHMS) {
      for (const [a, b] of [
        [0, 0],
        [1, 0],
        [0, 5],
        [17, 1000],
        [70_000, 3],
        [5, 131_072],
      ] as const) {
        const first = randomBytes(a);
        const second = randomBytes(b);
        expect(combineCrc(algorithm, digest(algorithm, first), digest(algorithm, second), b)).toBe(
          digest(algorithm, first, second),
        );
      }
    }
  });

  it('rejects a value of the wrong size', () => {
    expect(() => combineCrc('CRC64NVME', 'AAAAAA==', 'AAAAAA==', 1)).toThrow(
      new InvalidChecksumError('Value for x-amz-checksum-crc64nvme is invalid.'),
    );
    expect(() => combineCrc('CRC32', 'AAAAAAAAAAA=', 'AAAAAA==', 1)).toThrow(
      expect.objectContaining({ code: 'EINVALID_CHECKSUM' }),
    );
  });
});
