import { describe, expect, it } from 'vitest';
import { createWriteId, parseWriteIdTime, WRITE_ID_LENGTH, writeIdHex } from './write-id.js';

describe('createWriteId', () => {
  it('is fixed-width Crockford base32 and decodes back to its time', () => {
    const id = createWriteId(1_700_000_000_123);
    expect(id).toHaveLength(WRITE_ID_LENGTH);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(parseWriteIdTime(id).getTime()).toBe(1_700_000_000_123);
  });

  it('sorts lexicographically by time, and strictly within one millisecond', () => {
    const ids = [5, 1_000, 1_000, 1_000, 2 ** 40, 2 ** 48 - 1].map((t) => createWriteId(t));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never repeats across many ids', () => {
    const ids = Array.from({ length: 5000 }, () => createWriteId());
    expect(new Set(ids).size).toBe(5000);
    expect([...ids].sort()).toEqual(ids);
  });

  it('rejects times outside 48 bits and ids of the wrong shape', () => {
    expect(() => createWriteId(-1)).toThrow(RangeError);
    expect(() => createWriteId(2 ** 48)).toThrow(RangeError);
    expect(() => parseWriteIdTime('short')).toThrow(TypeError);
    expect(() => parseWriteIdTime('U'.repeat(26))).toThrow(TypeError);
  });
});

describe('writeIdHex', () => {
  it('orders as the write ids do, in 33 hex digits', () => {
    const ids = Array.from({ length: 50 }, (_, i) => createWriteId(1_700_000_000_000 + (i % 5)));
    const hex = ids.map(writeIdHex);
    expect(hex.every((h) => /^[0-9A-F]{33}$/.test(h))).toBe(true);
    expect([...hex].sort()).toEqual([...ids].sort().map(writeIdHex));
    expect(writeIdHex('0'.repeat(26))).toBe('0'.repeat(33));
  });
});
