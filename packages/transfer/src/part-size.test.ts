import { MAX_PARTS } from '@strata/s3-client';
import { describe, expect, it } from 'vitest';
import {
  MAX_UPLOAD_PART_SIZE,
  MIN_UPLOAD_PART_SIZE,
  chooseDownloadPartSize,
  chooseUploadPartSize,
  planParts,
} from './part-size.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

describe('chooseUploadPartSize', () => {
  it('aims at 2 × concurrency parts in whole MiB', () => {
    expect(chooseUploadPartSize(1 * GiB, 4)).toBe(128 * MiB); // 8 parts
    expect(chooseUploadPartSize(100 * MiB + 1, 5)).toBe(11 * MiB);
  });

  it('clamps to 8 MiB below and 256 MiB above', () => {
    expect(chooseUploadPartSize(20 * MiB, 8)).toBe(MIN_UPLOAD_PART_SIZE);
    expect(chooseUploadPartSize(0, 1)).toBe(MIN_UPLOAD_PART_SIZE);
    expect(chooseUploadPartSize(100 * GiB, 2)).toBe(MAX_UPLOAD_PART_SIZE);
  });

  it('stays at 256 MiB up to exactly 10 000 parts, and grows past it only to keep ≤ 10 000', () => {
    const edge = MAX_PARTS * MAX_UPLOAD_PART_SIZE;
    expect(chooseUploadPartSize(edge, 1)).toBe(MAX_UPLOAD_PART_SIZE);
    expect(Math.ceil(edge / MAX_UPLOAD_PART_SIZE)).toBe(MAX_PARTS);
    const over = chooseUploadPartSize(edge + 1, 1);
    expect(over).toBe(MAX_UPLOAD_PART_SIZE + MiB);
    expect(Math.ceil((edge + 1) / over)).toBeLessThanOrEqual(MAX_PARTS);
    const fiveTiB = 5 * 1024 * GiB;
    const largest = chooseUploadPartSize(fiveTiB, 64);
    expect(Math.ceil(fiveTiB / largest)).toBeLessThanOrEqual(MAX_PARTS);
  });

  it('refuses what S3 cannot store and nonsense input', () => {
    expect(() => chooseUploadPartSize(6 * 1024 * GiB, 8)).toThrow(RangeError);
    expect(() => chooseUploadPartSize(10, 0)).toThrow(RangeError);
    expect(() => chooseUploadPartSize(-1, 1)).toThrow(RangeError);
  });
});

describe('chooseDownloadPartSize', () => {
  it('one range per stream, at least 8 MiB, no upper cap', () => {
    expect(chooseDownloadPartSize(1 * MiB, 8)).toBe(8 * MiB);
    expect(chooseDownloadPartSize(10 * GiB, 8)).toBe(1280 * MiB);
  });
});

describe('planParts', () => {
  it('covers every byte once, the last part shorter', () => {
    const parts = [...planParts(20 * MiB + 3, 8 * MiB)];
    expect(parts.map((p) => [p.partNumber, p.start, p.length])).toEqual([
      [1, 0, 8 * MiB],
      [2, 8 * MiB, 8 * MiB],
      [3, 16 * MiB, 4 * MiB + 3],
    ]);
    expect([...planParts(0, 8 * MiB)]).toEqual([]);
  });
});
