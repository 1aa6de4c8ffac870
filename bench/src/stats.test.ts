import { describe, expect, it } from 'vitest';
import { quantile, summarize } from './stats.js';

describe('stats', () => {
  it('interpolates quantiles and summarizes spread', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([10, 20], 0.99)).toBeCloseTo(19.9);
    const s = summarize([90, 100, 110]);
    expect([s.median, s.min, s.max, s.spreadPct]).toEqual([100, 90, 110, 20]);
  });
});
