import { describe, expect, it } from 'vitest';
import { MAX_PARTS, choosePartSize } from './part-size.js';

const MiB = 1024 * 1024;

describe('choosePartSize', () => {
  it('keeps the requested size when the object fits in 10 000 parts', () => {
    expect(choosePartSize(8 * MiB, undefined)).toBe(8 * MiB);
    expect(choosePartSize(8 * MiB, 80_000 * MiB)).toBe(8 * MiB);
  });

  it('grows in whole MiB so that a known size needs at most 10 000 parts', () => {
    const size = 200 * 1024 * MiB; // 200 GiB
    const part = choosePartSize(8 * MiB, size);
    expect(part).toBe(21 * MiB);
    expect(Math.ceil(size / part)).toBeLessThanOrEqual(MAX_PARTS);
    expect(Math.ceil(size / (part - MiB))).toBeGreaterThan(MAX_PARTS);
  });

  it('refuses sizes S3 would refuse', () => {
    expect(() => choosePartSize(MiB, undefined)).toThrow(RangeError);
    expect(() => choosePartSize(6 * 1024 * MiB, undefined)).toThrow(RangeError);
    expect(() => choosePartSize(8 * MiB, 60 * 1024 * 1024 * MiB)).toThrow(RangeError);
  });
});
