import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptSegments } from './decrypt-segments.js';
import { FRAME_OVERHEAD, HEADER_SIZE } from './format.js';
import { planRange } from './plan-range.js';
import { encryptBlob, runThrough, testKeyring } from './testing/segments.js';

const CHUNK = 1024;

describe('planRange', () => {
  it('reads any range of any multipart layout exactly, fetching only the frames it touches', async () => {
    const keyring = testKeyring();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 4 * CHUNK + 3 }), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.nat(),
        async (sizes, a, b) => {
          const total = sizes.reduce((x, y) => x + y, 0);
          fc.pre(total > 0);
          const start = a % total;
          const end = start + (b % (total - start));
          const plaintexts = sizes.map((size) => randomBytes(size));
          const partNumbers = sizes.length === 1 ? [0] : sizes.map((_, i) => i + 1);
          const { blob, dataKey, headers } = await encryptBlob({
            keyring,
            identity: 'b/k@v',
            plaintexts,
            chunkSize: CHUNK,
            partNumbers,
          });
          const plan = planRange(sizes, CHUNK, start, end);
          const read = await runThrough(
            decryptSegments({
              identity: 'b/k@v',
              dataKey: () => dataKey,
              start: { header: headers[plan.segment]!, chunkIndex: plan.chunkIndex },
              skip: plan.skip,
              length: plan.length,
              partNumbers,
            }),
            blob.subarray(plan.cipherStart, plan.cipherEnd + 1),
            333,
          );
          expect(read.equals(Buffer.concat(plaintexts).subarray(start, end + 1))).toBe(true);
          // At most the range, the two chunks at its ends, and the framing of what it crosses.
          const fetched = plan.cipherEnd - plan.cipherStart + 1;
          const frames = Math.ceil(plan.length / CHUNK) + 1 + sizes.length;
          expect(fetched).toBeLessThanOrEqual(
            plan.length + 2 * CHUNK + frames * FRAME_OVERHEAD + sizes.length * HEADER_SIZE,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a 1 MiB range of a large object reads at most 1 MiB and two chunks', () => {
    const chunk = 64 * 1024;
    const plan = planRange([1024 ** 3], chunk, 500 * 1024 ** 2 + 12_345, 501 * 1024 ** 2 + 12_344);
    const fetched = plan.cipherEnd - plan.cipherStart + 1;
    expect(fetched).toBeLessThanOrEqual(1024 ** 2 + 2 * (chunk + FRAME_OVERHEAD));
    expect(plan.skip).toBe(12_345);
  });

  it('a range cut short by the backend is truncated, not short', async () => {
    const keyring = testKeyring();
    const { blob, dataKey, headers } = await encryptBlob({
      keyring,
      identity: 'i',
      plaintexts: [randomBytes(3 * CHUNK)],
      chunkSize: CHUNK,
    });
    const plan = planRange([3 * CHUNK], CHUNK, 10, 3 * CHUNK - 1);
    const decrypt = decryptSegments({
      identity: 'i',
      dataKey: () => dataKey,
      start: { header: headers[0]!, chunkIndex: plan.chunkIndex },
      skip: plan.skip,
      length: plan.length,
    });
    await expect(
      runThrough(decrypt, blob.subarray(plan.cipherStart, plan.cipherEnd - 100)),
    ).rejects.toMatchObject({ code: 'EENVELOPE_TRUNCATED' });
  });

  it('refuses ranges outside the plaintext', () => {
    expect(() => planRange([10], CHUNK, 5, 10)).toThrow(RangeError);
    expect(() => planRange([10], CHUNK, 6, 5)).toThrow(RangeError);
    expect(() => planRange([0], CHUNK, 0, 0)).toThrow(RangeError);
  });
});
