import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHECKSUM_ALGORITHMS, DIGEST_ALGORITHMS } from './checksum-algorithm.js';
import { createChecksum } from './create-checksum.js';
import { digest, hex } from './testing/digest.js';

const require = createRequire(import.meta.url);
const { crc32c } = require('@aws-crypto/crc32c') as { crc32c: (data: Uint8Array) => number };
// The AWS Common Runtime's CRC64NVME (a native addon): a second opinion on the JavaScript one.
const { CrtCrc64Nvme } = require('@aws-sdk/crc64-nvme-crt') as {
  CrtCrc64Nvme: new () => { update(data: Uint8Array): void; digest(): Promise<Uint8Array> };
};

describe('createChecksum', () => {
  it('matches the standard check values for "123456789"', () => {
    const check = Buffer.from('123456789');
    expect(hex(digest('CRC32', check))).toBe('cbf43926');
    expect(hex(digest('CRC32C', check))).toBe('e3069283');
    expect(hex(digest('CRC64NVME', check))).toBe('ae8b14860a799888');
    expect(hex(digest('SHA1', check))).toBe('f7c3bc1d808e04732adf679965ccc34ca7ae3441');
    expect(hex(digest('SHA256', check))).toBe(
      '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225',
    );
  });

  it('matches published CRC64NVME and CRC32C vectors and empty input', () => {
    // AWS SDK test vector: CRC64NVME("Hello world") and 32 zero bytes from the NVMe spec.
    expect(digest('CRC64NVME', Buffer.from('Hello world'))).toBe('OOJZ0D8xKts=');
    expect(hex(digest('CRC64NVME', Buffer.alloc(32)))).toBe('cf3473434d4ecf3b');
    expect(hex(digest('CRC32C', Buffer.alloc(32)))).toBe('8a9136aa');
    expect(hex(digest('CRC32C', Buffer.alloc(32, 0xff)))).toBe('62a8ab43');
    expect(hex(digest('CRC64NVME', Buffer.alloc(0)))).toBe('0000000000000000');
    expect(digest('CRC32', Buffer.alloc(0))).toBe('AAAAAA==');
  });

  it('is independent of how the input is split, and CRC32C agrees with @aws-crypto/crc32c', () => {
    for (let n = 0; n < 40; n++) {
      const data = randomBytes(n * 97 + (n % 9));
      const cut1 = Math.floor(data.length / 3);
      const cut2 = Math.floor((data.length * 2) / 3) + 1;
      for (const algorithm of CHECKSUM_ALGORITHMS) {
        expect(
          digest(algorithm, data.subarray(0, cut1), data.subarray(cut1, cut2), data.subarray(cut2)),
        ).toBe(digest(algorithm, data));
      }
      expect(hex(digest('CRC32C', data))).toBe(crc32c(data).toString(16).padStart(8, '0'));
    }
  });

  it('gives the same values with and without the native addon, across its size threshold', () => {
    expect(createChecksum('CRC32C').implementation).toBe('@node-rs/crc32');
    expect(createChecksum('CRC32').implementation).toBe('@node-rs/crc32');
    expect(createChecksum('CRC32C', { native: false }).implementation).toBe('javascript');
    expect(createChecksum('CRC32', { native: false }).implementation).toBe('node:zlib');
    for (const size of [0, 1, 7, 255, 256, 257, 1000, 4096, 65_537]) {
      const data = randomBytes(size);
      // Mixed piece sizes: some below the threshold (JavaScript), some above (the addon).
      const pieces = [data.subarray(0, 3), data.subarray(3, 300), data.subarray(300)];
      for (const algorithm of ['CRC32', 'CRC32C'] as const) {
        const native = createChecksum(algorithm);
        const portable = createChecksum(algorithm, { native: false });
        for (const p of pieces) {
          native.update(p);
          portable.update(p);
        }
        expect([size, algorithm, native.digest()]).toEqual([size, algorithm, portable.digest()]);
      }
    }
  });

  it('CRC64NVME agrees with the AWS Common Runtime', async () => {
    for (let n = 0; n < 20; n++) {
      const data = randomBytes(n * n * 37 + n);
      const crt = new CrtCrc64Nvme();
      crt.update(data);
      const expected = Buffer.from(await crt.digest()).toString('base64');
      expect(digest('CRC64NVME', data.subarray(0, n), data.subarray(n))).toBe(expected);
    }
  });

  it('computes MD5 as Content-MD5 (base64) and as an ETag (hex)', () => {
    const sum = createChecksum('MD5');
    sum.update(Buffer.from('1234'));
    sum.update(Buffer.from('56789'));
    expect(sum.digest('hex')).toBe('25f9e794323b453885f5181f1b624d0b');
    expect(sum.digest()).toBe('JfnnlDI7RTiF9RgfG2JNCw==');
    expect(sum.algorithm).toBe('MD5');
  });

  it('writes every algorithm in hex as well as base64', () => {
    const check = Buffer.from('123456789');
    for (const algorithm of DIGEST_ALGORITHMS) {
      const sum = createChecksum(algorithm);
      sum.update(check);
      expect(sum.digest('hex')).toBe(hex(sum.digest()));
    }
  });

  it('can report a hash digest twice but not update after it', () => {
    const sum = createChecksum('SHA256');
    sum.update(Buffer.from('a'));
    expect(sum.digest()).toBe(sum.digest());
    expect(() => sum.update(Buffer.from('b'))).toThrow();
  });
});
