import { describe, expect, it } from 'vitest';
import type { MetaStore } from '../store.js';
import type { ListObjectsQuery } from '../types.js';
import type { ConformanceOpener } from './fixtures.js';
import { byteSorted, createQueryCounter, makeRecord, useStores } from './fixtures.js';

async function putKeys(store: MetaStore, keys: readonly string[], bucket = 'b'): Promise<void> {
  await store.transaction(async (tx) => {
    for (const key of keys) await tx.objects.put(makeRecord(bucket, key, { size: 1 }));
  });
}

/** Every entry (key or common prefix) of a listing, paging with `maxKeys` via `lastReturned`. */
async function listAll(
  store: MetaStore,
  query: Omit<ListObjectsQuery, 'maxKeys'>,
  maxKeys: number,
) {
  const entries: string[] = [];
  let startAfter = query.startAfter;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await store.objects.list('b', { ...query, startAfter, maxKeys });
    const merged = byteSorted([...page.objects.map((o) => o.key), ...page.commonPrefixes]);
    expect(merged.length).toBeLessThanOrEqual(maxKeys);
    entries.push(...merged.map((e) => (page.commonPrefixes.includes(e) ? `P:${e}` : e)));
    if (!page.isTruncated) return entries;
    expect(page.lastReturned).toBe(merged.at(-1));
    startAfter = page.lastReturned;
  }
  throw new Error('listing did not end');
}

// Characters whose UTF-16 order differs from their UTF-8 byte order: U+E000..U+FFFF sort after
// surrogate pairs in UTF-16, before them in UTF-8.
const UNICODE_KEYS = [
  'a',
  'Z',
  'é',
  '\u{E000}',
  '\u{FFFD}',
  '\u{FFFF}x',
  '\u{10000}',
  '\u{1F600}',
  'a\u{10FFFF}',
  'a\u{10FFFF}b',
  'ab',
];

/** Byte-ordered listing with prefix, delimiter, startAfter and maxKeys. */
export function describeListing(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('listing', () => {
    it('lists in UTF-8 byte order, not UTF-16 order', async () => {
      const store = await stores.fresh();
      await putKeys(store, UNICODE_KEYS);
      const expected = byteSorted(UNICODE_KEYS);
      expect(expected).not.toEqual([...UNICODE_KEYS].sort());
      const page = await store.objects.list('b', { maxKeys: 1000 });
      expect(page.objects.map((o) => o.key)).toEqual(expected);
      expect(await listAll(store, {}, 2)).toEqual(expected);
    });

    it('filters by prefix, with prefixes ending in U+D7FF, U+FFFF and U+10FFFF', async () => {
      const store = await stores.fresh();
      const keys = [
        'p\u{D7FF}1',
        'p\u{E000}',
        'q\u{FFFF}1',
        'q\u{10000}',
        'a\u{10FFFF}',
        'a\u{10FFFF}z',
        'b',
        'photos/1',
        'photos0',
      ];
      await putKeys(store, keys);
      const keysOf = async (prefix: string) =>
        (await store.objects.list('b', { prefix, maxKeys: 1000 })).objects.map((o) => o.key);
      expect(await keysOf('p\u{D7FF}')).toEqual(['p\u{D7FF}1']);
      expect(await keysOf('q\u{FFFF}')).toEqual(['q\u{FFFF}1']);
      expect(await keysOf('a\u{10FFFF}')).toEqual(['a\u{10FFFF}', 'a\u{10FFFF}z']);
      expect(await keysOf('photos/')).toEqual(['photos/1']);
      expect(await keysOf('nothing')).toEqual([]);
    });

    it('groups by delimiter into common prefixes, merged with keys in byte order', async () => {
      const store = await stores.fresh();
      await putKeys(store, [
        'a.txt',
        'photos/2024/1.jpg',
        'photos/2024/2.jpg',
        'photos/cat.jpg',
        'photos0',
        'z/x',
        'zz',
      ]);
      const root = await store.objects.list('b', { delimiter: '/', maxKeys: 1000 });
      expect(root.objects.map((o) => o.key)).toEqual(['a.txt', 'photos0', 'zz']);
      expect(root.commonPrefixes).toEqual(['photos/', 'z/']);
      expect(root.isTruncated).toBe(false);
      expect(root.lastReturned).toBe('zz');
      const photos = await store.objects.list('b', {
        prefix: 'photos/',
        delimiter: '/',
        maxKeys: 1000,
      });
      expect(photos.objects.map((o) => o.key)).toEqual(['photos/cat.jpg']);
      expect(photos.commonPrefixes).toEqual(['photos/2024/']);
      expect(
        (await store.objects.list('b', { delimiter: '', maxKeys: 1000 })).objects,
      ).toHaveLength(7);
    });

    it('groups with multi-character and astral delimiters', async () => {
      const store = await stores.fresh();
      await putKeys(store, ['x\u{1F600}1', 'x\u{1F600}2', 'x\u{1F601}', 'y::a::b', 'y::c', 'y:d']);
      const emoji = await store.objects.list('b', { delimiter: '\u{1F600}', maxKeys: 1000 });
      expect(emoji.commonPrefixes).toEqual(['x\u{1F600}']);
      expect(emoji.objects.map((o) => o.key)).toEqual(['x\u{1F601}', 'y::a::b', 'y::c', 'y:d']);
      const colons = await store.objects.list('b', { prefix: 'y', delimiter: '::', maxKeys: 1000 });
      expect(colons.commonPrefixes).toEqual(['y::']);
      expect(colons.objects.map((o) => o.key)).toEqual(['y:d']);
    });

    it('honours maxKeys exactly: 0 is empty and not truncated, truncation only when more remain', async () => {
      const store = await stores.fresh();
      await putKeys(store, ['a', 'b/1', 'b/2', 'c']);
      expect(await store.objects.list('b', { maxKeys: 0 })).toEqual({
        objects: [],
        commonPrefixes: [],
        isTruncated: false,
      });
      const exact = await store.objects.list('b', { delimiter: '/', maxKeys: 3 });
      expect([exact.objects.length, exact.commonPrefixes.length, exact.isTruncated]).toEqual([
        2,
        1,
        false,
      ]);
      const short = await store.objects.list('b', { delimiter: '/', maxKeys: 2 });
      expect(short.objects.map((o) => o.key)).toEqual(['a']);
      expect(short.commonPrefixes).toEqual(['b/']);
      expect(short.isTruncated).toBe(true);
      expect(short.lastReturned).toBe('b/');
      const all = await store.objects.list('b', { maxKeys: 4 });
      expect(all.isTruncated).toBe(false);
    });

    it('starts strictly after startAfter, and skips the whole common prefix a marker falls in', async () => {
      const store = await stores.fresh();
      await putKeys(store, ['a', 'photos/1', 'photos/2', 'photos/sub/3', 'q']);
      const keysAfter = async (startAfter: string, delimiter?: string) => {
        const page = await store.objects.list('b', { startAfter, delimiter, maxKeys: 1000 });
        return [...page.commonPrefixes.map((p) => `P:${p}`), ...page.objects.map((o) => o.key)];
      };
      expect(await keysAfter('photos/1')).toEqual(['photos/2', 'photos/sub/3', 'q']);
      expect(await keysAfter('photos/', '/')).toEqual(['q']);
      expect(await keysAfter('photos/1', '/')).toEqual(['q']);
      expect(await keysAfter('photos', '/')).toEqual(['P:photos/', 'q']);
      expect(await keysAfter('0', '/')).toEqual(['P:photos/', 'a', 'q']);
      expect(await keysAfter('zzz', '/')).toEqual([]);
      const inPrefix = await store.objects.list('b', {
        prefix: 'photos/',
        delimiter: '/',
        startAfter: 'photos/sub/',
        maxKeys: 9,
      });
      expect([inPrefix.objects.length, inPrefix.commonPrefixes.length]).toEqual([0, 0]);
    });

    it('stores, gets and lists 1024-byte keys', async () => {
      const store = await stores.fresh();
      const ascii = `k/${'x'.repeat(1022)}`;
      const twoByte = 'é'.repeat(512);
      const fourByte = '\u{1F600}'.repeat(256);
      for (const key of [ascii, twoByte, fourByte]) expect(Buffer.byteLength(key)).toBe(1024);
      await putKeys(store, [fourByte, ascii, twoByte]);
      expect((await store.objects.get('b', fourByte))?.key).toBe(fourByte);
      expect(await listAll(store, {}, 1)).toEqual([ascii, twoByte, fourByte]);
      const after = await store.objects.list('b', { startAfter: twoByte, maxKeys: 10 });
      expect(after.objects.map((o) => o.key)).toEqual([fourByte]);
      expect(
        (await store.objects.list('b', { delimiter: '/', maxKeys: 10 })).commonPrefixes,
      ).toEqual(['k/']);
    });

    it('seeks past common prefixes instead of scanning the keys under them (10 prefixes x 500 keys)', async () => {
      const counter = createQueryCounter();
      const store = await stores.fresh([counter.plugin]);
      const keys = Array.from({ length: 10 }, (_, p) =>
        Array.from({ length: 500 }, (_, k) => `dir${p}/file-${String(k).padStart(4, '0')}`),
      ).flat();
      await putKeys(store, [...keys, 'readme']);
      counter.selects = 0;
      const page = await store.objects.list('b', { delimiter: '/', maxKeys: 1000 });
      expect(page.commonPrefixes).toEqual(Array.from({ length: 10 }, (_, p) => `dir${p}/`));
      expect(page.objects.map((o) => o.key)).toEqual(['readme']);
      expect(page.isTruncated).toBe(false);
      expect(counter.selects).toBeGreaterThan(0);
      // One seek per prefix plus a few: far fewer than the 5,000 keys (or 5 pages of them).
      expect(counter.selects).toBeLessThanOrEqual(15);
      counter.selects = 0;
      const three = await store.objects.list('b', { delimiter: '/', maxKeys: 3 });
      expect([three.commonPrefixes, three.isTruncated]).toEqual([
        ['dir0/', 'dir1/', 'dir2/'],
        true,
      ]);
      expect(counter.selects).toBeLessThanOrEqual(6);
    });

    it('yields the same sequence paging with maxKeys=7 as in one page', async () => {
      const store = await stores.fresh();
      const keys: string[] = [];
      for (const top of ['a', 'b', 'c\u{1F600}', 'd\u{E000}']) {
        for (let i = 0; i < 9; i++) keys.push(`${top}/${i % 3}/${i}`, `${top}/${i}`, `${top}${i}`);
      }
      await putKeys(store, keys);
      for (const query of [
        {},
        { delimiter: '/' },
        { prefix: 'b/', delimiter: '/' },
        { prefix: 'c' },
        { startAfter: 'b/1' },
      ]) {
        const whole = await listAll(store, query, 1000);
        expect(whole.length).toBeGreaterThan(0);
        expect(await listAll(store, query, 7)).toEqual(whole);
        expect(await listAll(store, query, 1)).toEqual(whole);
      }
      expect(await listAll(store, {}, 1000)).toEqual(byteSorted(keys));
    });

    it('keeps buckets apart', async () => {
      const store = await stores.fresh();
      await putKeys(store, ['a', 'b'], 'one');
      await putKeys(store, ['c'], 'two');
      const page = await store.objects.list('two', { maxKeys: 10 });
      expect(page.objects.map((o) => `${o.bucket}/${o.key}`)).toEqual(['two/c']);
    });
  });
}
