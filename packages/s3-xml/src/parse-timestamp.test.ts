import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './parse-timestamp.js';

describe('parseTimestamp', () => {
  it('reads UTC and offset timestamps as the same instant', () => {
    const instant = Date.UTC(2030, 0, 1);
    for (const text of [
      '2030-01-01T00:00:00Z',
      '2030-01-01T00:00:00.000Z',
      '2030-01-01T05:45:00+05:45',
      '2029-12-31T14:00:00-10:00',
      '2030-01-01T00:00:00-00:00',
    ]) {
      expect(parseTimestamp(text)?.getTime(), text).toBe(instant);
    }
  });

  it('agrees with Date.parse on every millisecond form toISOString writes', () => {
    for (const ms of [0, 1, 57, 570, 999]) {
      const date = new Date(Date.UTC(2031, 6, 15, 8, 9, 10, ms));
      expect(parseTimestamp(date.toISOString())).toEqual(date);
    }
  });

  it('handles leap years and the ends of months', () => {
    expect(parseTimestamp('2024-02-29T00:00:00Z')).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(parseTimestamp('2000-02-29T00:00:00Z')).toEqual(new Date('2000-02-29T00:00:00Z'));
    expect(parseTimestamp('2023-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('1900-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2030-04-31T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2030-12-31T23:59:59.999Z')).toEqual(
      new Date('2030-12-31T23:59:59.999Z'),
    );
  });

  it('refuses what is not an RFC 3339 date-time with an offset', () => {
    for (const text of [
      '',
      '2030',
      '2030-01-01T00:00Z',
      '2030-01-01T00:00:00+02',
      ' 2030-01-01T00:00:00Z',
    ]) {
      expect(parseTimestamp(text), text).toBeUndefined();
    }
  });
});
