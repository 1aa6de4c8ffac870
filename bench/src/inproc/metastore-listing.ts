import type { MetaStore } from '@strata/metastore-core';
import { listKey } from './metastore-fixtures.js';
import { timeBox } from './time-box.js';

const PAGE = 1000;
const PAGES_PER_START = 4;
const STARTS = 4;

/**
 * Milliseconds per 1000-key page (`objects.list`, no delimiter) in a bucket of `n` keys: walks
 * {@link PAGES_PER_START} consecutive pages from each of {@link STARTS} points spread over the
 * key space (so a page near the end of a big bucket counts as much as one at its start), again
 * and again for `seconds`. Checks every page holds exactly 1000 keys in ascending order.
 */
export async function msPerPage(
  store: MetaStore,
  bucket: string,
  n: number,
  seconds: number,
): Promise<{ ms: number; pages: number }> {
  const span = n - PAGE * PAGES_PER_START;
  if (span < 0) throw new Error(`bucket of ${n} keys too small for ${PAGES_PER_START} pages`);
  const starts = Array.from({ length: STARTS }, (_, s) => Math.floor((span * s) / (STARTS - 1)));
  const walkFrom = async (start: number): Promise<void> => {
    let after = start === 0 ? undefined : listKey(start - 1);
    for (let p = 0; p < PAGES_PER_START; p++) {
      const page = await store.objects.list(bucket, { maxKeys: PAGE, startAfter: after });
      const first = page.objects[0]?.key;
      const expected = listKey(start + p * PAGE);
      if (page.objects.length !== PAGE || first !== expected) {
        throw new Error(
          `page at ${expected}: ${page.objects.length} keys from ${first ?? '(none)'}`,
        );
      }
      after = page.lastReturned;
    }
  };
  const r = await timeBox(seconds, (i) => walkFrom(starts[i % STARTS] ?? 0), 1);
  const pages = r.ops * PAGES_PER_START;
  return { ms: (r.seconds * 1000) / pages, pages };
}

/**
 * One full walk of `bucket` with `delimiter: '/'`, 1000 entries a page, repeated for `seconds`:
 * pages per second and milliseconds per walk. Checks each walk saw exactly `prefixes` common
 * prefixes and no keys (every key sits under a prefix).
 */
export async function delimiterWalk(
  store: MetaStore,
  bucket: string,
  prefixes: number,
  seconds: number,
): Promise<{ pagesPerS: number; walkMs: number; walks: number }> {
  let pages = 0;
  const walk = async (): Promise<void> => {
    let after: string | undefined;
    let seen = 0;
    for (let guard = 0; guard < 100_000; guard++) {
      const page = await store.objects.list(bucket, {
        delimiter: '/',
        maxKeys: PAGE,
        startAfter: after,
      });
      pages++;
      if (page.objects.length > 0)
        throw new Error(`delimiter page listed ${page.objects.length} keys`);
      seen += page.commonPrefixes.length;
      if (!page.isTruncated) break;
      after = page.lastReturned;
    }
    if (seen !== prefixes)
      throw new Error(`delimiter walk saw ${seen} prefixes, expected ${prefixes}`);
  };
  const r = await timeBox(seconds, walk, 1);
  return { pagesPerS: pages / r.seconds, walkMs: (r.seconds * 1000) / r.ops, walks: r.ops };
}

/**
 * Milliseconds per 1000-entry page of `versions.list` (ListObjectVersions) in a bucket of `n`
 * versions, `versionsPerKey` to a key (1000 must be a multiple of it, so pages start on a key):
 * as {@link msPerPage}, {@link PAGES_PER_START} consecutive pages (key and version-id markers)
 * from each of {@link STARTS} points spread over the keys. Checks every page holds 1000
 * versions and starts at the expected key.
 */
export async function msPerVersionsPage(
  store: MetaStore,
  bucket: string,
  n: number,
  versionsPerKey: number,
  seconds: number,
): Promise<{ ms: number; pages: number }> {
  const keysPerPage = PAGE / versionsPerKey;
  const keys = n / versionsPerKey;
  const span = keys - keysPerPage * PAGES_PER_START;
  if (span < 0 || !Number.isInteger(keysPerPage)) {
    throw new Error(`bucket of ${n} versions does not fit ${PAGES_PER_START} aligned pages`);
  }
  const starts = Array.from({ length: STARTS }, (_, s) => Math.floor((span * s) / (STARTS - 1)));
  const walkFrom = async (start: number): Promise<void> => {
    let keyMarker = start === 0 ? undefined : listKey(start - 1);
    let versionIdMarker: string | undefined;
    for (let p = 0; p < PAGES_PER_START; p++) {
      const page = await store.versions.list(bucket, { maxKeys: PAGE, keyMarker, versionIdMarker });
      const first = page.versions[0];
      const firstKey = first?.kind === 'object' ? first.record.key : first?.marker.key;
      const expected = listKey(start + p * keysPerPage);
      if (page.versions.length !== PAGE || firstKey !== expected) {
        throw new Error(
          `versions page at ${expected}: ${page.versions.length} entries from ${firstKey ?? '(none)'}`,
        );
      }
      keyMarker = page.nextKeyMarker;
      versionIdMarker = page.nextVersionIdMarker;
    }
  };
  const r = await timeBox(seconds, (i) => walkFrom(starts[i % STARTS] ?? 0), 1);
  const pages = r.ops * PAGES_PER_START;
  return { ms: (r.seconds * 1000) / pages, pages };
}
