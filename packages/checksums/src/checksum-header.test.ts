import { describe, expect, it } from 'vitest';
import { CHECKSUM_ALGORITHMS, isValidChecksumValue } from './checksum-algorithm.js';
import { parseChecksumHeaderName, toChecksumHeaderName } from './checksum-header.js';

describe('checksum header names', () => {
  it('round-trips every algorithm through its x-amz-checksum-* name', () => {
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      expect(parseChecksumHeaderName(toChecksumHeaderName(algorithm))).toBe(algorithm);
    }
    expect(toChecksumHeaderName('CRC64NVME')).toBe('x-amz-checksum-crc64nvme');
  });

  it('finds no algorithm in the headers that share the prefix, or in MD5', () => {
    for (const name of ['x-amz-checksum-type', 'x-amz-checksum-algorithm', 'x-amz-checksum-md5']) {
      expect(parseChecksumHeaderName(name)).toBeUndefined();
    }
    expect(parseChecksumHeaderName('content-md5')).toBeUndefined();
  });
});

describe('isValidChecksumValue', () => {
  it('takes only the canonical base64 of a digest of the right size', () => {
    expect(isValidChecksumValue('CRC32', 'AAAAAA==')).toBe(true);
    expect(isValidChecksumValue('CRC32', 'AAAAAA')).toBe(false);
    expect(isValidChecksumValue('CRC64NVME', 'AAAAAA==')).toBe(false);
    expect(isValidChecksumValue('CRC32', 'AAA AAA==')).toBe(false);
  });
});
