import { describe, expect, it } from 'vitest';
import { toUsagePeriod } from './backend-usage-repo.js';

describe('toUsagePeriod', () => {
  it('names the UTC month, whatever the local time zone says', () => {
    expect(toUsagePeriod(new Date('2025-01-31T23:59:59.999Z'))).toBe('2025-01');
    expect(toUsagePeriod(new Date('2025-02-01T00:00:00.000Z'))).toBe('2025-02');
    // 23:30 on 31 December in New York is already January in UTC.
    expect(toUsagePeriod(new Date('2024-12-31T23:30:00-05:00'))).toBe('2025-01');
    expect(toUsagePeriod(new Date(Date.UTC(987, 8, 1)))).toBe('0987-09');
  });

  it('rejects an invalid date', () => {
    expect(() => toUsagePeriod(new Date(Number.NaN))).toThrow(RangeError);
  });
});
