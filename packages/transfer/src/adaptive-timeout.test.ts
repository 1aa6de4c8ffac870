import { describe, expect, it } from 'vitest';
import { createAdaptiveTimeout } from './adaptive-timeout.js';

const MiB = 1024 ** 2;

describe('AdaptiveTimeout', () => {
  const options = {
    initialBytesPerSecond: MiB,
    alpha: 0.5,
    baseLatencyMs: 100,
    factor: 3,
    growth: 2,
    minMs: 500,
    maxMs: 60_000,
  };

  it('expected = base latency + bytes / bandwidth; timeout = expected × factor', () => {
    const t = createAdaptiveTimeout(options);
    expect(t.expectedMs(2 * MiB)).toBe(2_100);
    expect(t.timeoutMs(2 * MiB, 1)).toBe(6_300);
  });

  it('grows by `growth` per retry, within minMs and maxMs', () => {
    const t = createAdaptiveTimeout(options);
    expect(t.timeoutMs(2 * MiB, 2)).toBe(12_600);
    expect(t.timeoutMs(2 * MiB, 3)).toBe(25_200);
    expect(t.timeoutMs(2 * MiB, 4)).toBe(50_400);
    expect(t.timeoutMs(2 * MiB, 5)).toBe(60_000);
    expect(t.timeoutMs(0, 1)).toBe(500);
  });

  it('moves the bandwidth by an EWMA of observations, latency taken off first', () => {
    const t = createAdaptiveTimeout(options);
    // 4 MiB in 1 100 ms = 4 MiB/s once the 100 ms latency is off; half-weight average with 1 MiB/s.
    t.observe(4 * MiB, 1_100);
    expect(t.bytesPerSecond).toBeCloseTo(2.5 * MiB, 0);
    t.observe(4 * MiB, 1_100);
    expect(t.bytesPerSecond).toBeCloseTo(3.25 * MiB, 0);
    expect(t.timeoutMs(3.25 * MiB, 1)).toBe(3_300);
    // A slow link pulls the estimate down and the timeouts up.
    for (let i = 0; i < 20; i++) t.observe(MiB / 10, 1_100);
    expect(t.bytesPerSecond).toBeLessThan(MiB / 9);
    expect(t.timeoutMs(MiB, 1)).toBeGreaterThan(29_000);
  });

  it('ignores requests that moved no bytes', () => {
    const t = createAdaptiveTimeout(options);
    t.observe(0, 5_000);
    expect(t.bytesPerSecond).toBe(MiB);
  });

  it('rejects settings that would disable it', () => {
    expect(() => createAdaptiveTimeout({ alpha: 0 })).toThrow(RangeError);
    expect(() => createAdaptiveTimeout({ factor: -1 })).toThrow(RangeError);
    expect(() => createAdaptiveTimeout({ minMs: 10, maxMs: 5 })).toThrow(RangeError);
  });
});
