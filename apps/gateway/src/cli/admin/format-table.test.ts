import { describe, expect, it } from 'vitest';
import { formatSize, formatTable, formatUptime } from './format-table.js';

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [20 * 1024 ** 2, '20.0 MiB'],
    [3.25 * 1024 ** 3, '3.3 GiB'],
    [2 * 1024 ** 4, '2.0 TiB'],
  ])('%d bytes: %s', (bytes, shown) => {
    expect(formatSize(bytes)).toBe(shown);
  });
});

describe('formatUptime', () => {
  it.each([
    [0, '0s'],
    [59, '59s'],
    [61, '1m 1s'],
    [3 * 3600 + 120 + 5, '3h 2m'],
    [2 * 86_400 + 3600, '2d 1h'],
  ])('%d s: %s', (seconds, shown) => {
    expect(formatUptime(seconds)).toBe(shown);
  });
});

describe('formatTable', () => {
  it('pads columns to their widest cell, numbers to the right, no trailing spaces', () => {
    const text = formatTable(
      [{ header: 'name' }, { header: 'n', right: true }, { header: 'note' }],
      [
        ['a', '1', ''],
        ['longer', '100', 'x'],
      ],
    );
    expect(text).toBe('NAME      N  NOTE\na         1\nlonger  100  x\n');
  });
});
