import { commonPrefixOf, compareKeys, prefixSuccessor } from './key-order.js';

/** Where a listing query starts: at `key` (inclusive or not), or after a full row position. */
export interface SeekBound<C> {
  readonly key: string;
  readonly inclusive: boolean;
  /** A tie-breaker past `key` (uploads order by key, then initiation time, then id). */
  readonly after?: C | undefined;
}

/** One listing entry: a row, or a common prefix that stands for every row under it. */
export type SeekEntry<R> =
  { readonly row: R; readonly prefix?: undefined } | { readonly prefix: string };

/** Inputs of {@link seekList}. */
export interface SeekListOptions<R, C> {
  readonly prefix: string;
  readonly delimiter?: string | undefined;
  readonly maxEntries: number;
  /** First bound; `undefined` when the marker already lies past everything listable. */
  readonly start: SeekBound<C> | undefined;
  /** Rows under `prefix` past `bound`, in listing order, at most `limit`. */
  fetch(bound: SeekBound<C>, limit: number): Promise<readonly R[]>;
  keyOf(row: R): string;
  /** The bound just past `row`. */
  boundAfter(row: R): SeekBound<C>;
}

// With a delimiter, rows after a common prefix in the same batch are wasted reads, so batches
// start small and only grow while they yield plain rows.
const DELIMITED_BATCH = 16;

/**
 * The listing engine shared by objects and uploads: S3 prefix/delimiter grouping in byte order.
 * After emitting common prefix P it seeks to `prefixSuccessor(P)`, so the keys under P are never
 * scanned; it reads one entry past `maxEntries` so `isTruncated` is exact.
 */
export async function seekList<R, C>(
  options: SeekListOptions<R, C>,
): Promise<{ entries: SeekEntry<R>[]; isTruncated: boolean }> {
  const { prefix, delimiter, maxEntries } = options;
  const entries: SeekEntry<R>[] = [];
  const delimited = delimiter !== undefined && delimiter !== '';
  let bound = options.start;
  let batch = delimited ? DELIMITED_BATCH : Number.POSITIVE_INFINITY;
  while (bound !== undefined) {
    const limit = Math.min(maxEntries - entries.length + 1, batch);
    const rows = await options.fetch(bound, limit);
    let open: string | undefined;
    for (const row of rows) {
      const key = options.keyOf(row);
      if (open !== undefined && key.startsWith(open)) continue;
      if (entries.length === maxEntries) return { entries, isTruncated: true };
      const common = commonPrefixOf(key, prefix, delimiter);
      if (common === undefined) {
        entries.push({ row });
        bound = options.boundAfter(row);
      } else {
        entries.push({ prefix: common });
        open = common;
        const next = prefixSuccessor(common);
        bound = next === undefined ? undefined : { key: next, inclusive: true };
      }
    }
    if (rows.length < limit) break;
    batch = open === undefined ? batch * 2 : DELIMITED_BATCH;
  }
  return { entries, isTruncated: false };
}

/**
 * The first bound of a listing that returns keys under `prefix` strictly after `marker`. A marker
 * inside a common prefix (typically the prefix itself, handed back as NextMarker) skips that whole
 * prefix, since it was already returned.
 */
export function startBound<C>(
  prefix: string,
  delimiter: string | undefined,
  marker: string | undefined,
  after?: C,
): SeekBound<C> | undefined {
  if (marker === undefined || marker === '' || compareKeys(marker, prefix) < 0)
    return { key: prefix, inclusive: true };
  const common = commonPrefixOf(marker, prefix, delimiter);
  if (common !== undefined) {
    const next = prefixSuccessor(common);
    return next === undefined ? undefined : { key: next, inclusive: true };
  }
  return { key: marker, inclusive: false, after };
}
