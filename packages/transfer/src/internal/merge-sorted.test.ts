import { describe, expect, it } from 'vitest';
import { isTransferError } from '../transfer-error.js';
import { compareBytes } from './byte-order.js';
import { mergeSorted } from './merge-sorted.js';

async function* from<T>(items: T[]) {
  for (const item of items) yield await Promise.resolve(item);
}

async function merge(left: string[], right: string[]) {
  const out: [string, boolean, boolean][] = [];
  for await (const e of mergeSorted(
    from(left),
    (x) => x,
    from(right),
    (x) => x,
  )) {
    out.push([e.relPath, e.left !== undefined, e.right !== undefined]);
  }
  return out;
}

describe('mergeSorted', () => {
  it('pairs equal paths and keeps one-sided ones, in UTF-8 byte order', async () => {
    expect(await merge(['a', 'a-c', 'a/b', 'z'], ['a-c', 'a/b', 'b', '😀'])).toEqual([
      ['a', true, false],
      ['a-c', true, true],
      ['a/b', true, true],
      ['b', false, true],
      ['z', true, false],
      ['😀', false, true],
    ]);
  });

  it('sorts astral characters after U+FFFD as S3 does (unlike JavaScript <)', () => {
    expect('😀' < '\uFFFD').toBe(true);
    expect(compareBytes('😀', '\uFFFD')).toBeGreaterThan(0);
  });

  it('refuses a side that is out of order rather than call present paths missing', async () => {
    const err = await merge(['a', 'c'], ['b', 'a']).catch((e: unknown) => e);
    expect(isTransferError(err, 'EUNSORTED_LISTING')).toBe(true);
  });
});
