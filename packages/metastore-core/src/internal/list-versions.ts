import type { ListVersionsPage, ListVersionsQuery, ObjectRecord, ObjectVersion } from '../types.js';
import { s3VersionIdOf } from '../types.js';
import { toNumber } from './codec.js';
import { compareKeys, prefixSuccessor } from './key-order.js';
import { loadObjects } from './object-rows.js';
import type { RepoContext } from './repo-context.js';
import { seekList, startBound, type SeekBound } from './seek-list.js';
import { findHistory } from './version-history.js';
import { toHistoryVersion, type VersionRow } from './version-rows.js';

/** S3 caps a listing page at 1000 entries. */
const MAX_KEYS = 1000;

/**
 * Where a version sits in its key's list, newest first: the current object before every history
 * entry (`Infinity`), history entries by descending `seq`.
 */
type Rank = number;
const CURRENT: Rank = Number.POSITIVE_INFINITY;

/** A listed version before its record is loaded: the current row's key, or a history row. */
interface VersionRef {
  readonly key: string;
  readonly rank: Rank;
  /** The history row (absent for a current object, loaded with its copies afterwards). */
  readonly row?: VersionRow;
}

/**
 * One page of ListObjectVersions: the listing engine of `ObjectRepo.list` over the union of the
 * current objects and the history, merged in (key, newest first) order. Each fetch reads at most
 * `limit` rows of each table, both index range scans, so a page costs the same at any depth.
 */
export async function listVersions(
  ctx: RepoContext,
  bucket: string,
  query: ListVersionsQuery,
): Promise<ListVersionsPage> {
  if (query.versionIdMarker !== undefined && (query.keyMarker ?? '') === '')
    throw new RangeError('a version id marker needs a key marker');
  const maxKeys = Math.min(Math.max(0, Math.floor(query.maxKeys)), MAX_KEYS);
  if (maxKeys === 0) return { versions: [], commonPrefixes: [], isTruncated: false };
  const prefix = query.prefix ?? '';
  const upper = prefix === '' ? undefined : prefixSuccessor(prefix);
  const after = await markerRank(ctx, bucket, query);
  const { entries, isTruncated } = await seekList<VersionRef, Rank>({
    prefix,
    delimiter: query.delimiter,
    maxEntries: maxKeys,
    start: startBound(prefix, query.delimiter, query.keyMarker, after),
    keyOf: (ref) => ref.key,
    boundAfter: (ref) => ({ key: ref.key, inclusive: false, after: ref.rank }),
    fetch: (bound, limit) => fetchRefs(ctx, bucket, upper, bound, limit),
  });
  // Every listed key's current object, listed or not: a page that resumes inside a key's history
  // must still know the key has a newer current object (so none of its history is latest).
  const keys = [...new Set(entries.flatMap((e) => (e.prefix === undefined ? [e.row.key] : [])))];
  const current = await loadObjects(ctx.db, bucket, { keys });
  const latestOf = await latestHistoryKeys(ctx, bucket, entries, current);
  const versions = entries.flatMap((e): ObjectVersion[] => {
    if (e.prefix !== undefined) return [];
    const { key, row } = e.row;
    if (row === undefined) {
      const record = current.get(key);
      return record === undefined ? [] : [{ kind: 'object', record, isLatest: true }];
    }
    return [toHistoryVersion(row, latestOf.get(key) === toNumber(row.seq))];
  });
  const last = entries.at(-1);
  return {
    versions,
    commonPrefixes: entries.flatMap((e) => (e.prefix === undefined ? [] : [e.prefix])),
    isTruncated,
    ...(isTruncated && last !== undefined
      ? last.prefix !== undefined
        ? { nextKeyMarker: last.prefix }
        : { nextKeyMarker: last.row.key, nextVersionIdMarker: versionIdOf(last.row, current) }
      : {}),
  };
}

/** The rank the listing starts after: that of `versionIdMarker` of `keyMarker`, if it exists. */
async function markerRank(
  ctx: RepoContext,
  bucket: string,
  query: ListVersionsQuery,
): Promise<Rank | undefined> {
  const { keyMarker, versionIdMarker } = query;
  if (keyMarker === undefined || versionIdMarker === undefined) return undefined;
  const current = (await loadObjects(ctx.db, bucket, { keys: [keyMarker] })).get(keyMarker);
  if (current !== undefined && s3VersionIdOf(current) === versionIdMarker) return CURRENT;
  const row = await findHistory(ctx, bucket, keyMarker, versionIdMarker);
  // An unknown version id marker starts after the whole key, as a key marker alone does.
  return row === undefined ? undefined : toNumber(row.seq);
}

/** Up to `limit` versions past `bound`, merged from both tables in listing order. */
async function fetchRefs(
  ctx: RepoContext,
  bucket: string,
  upper: string | undefined,
  bound: SeekBound<Rank>,
  limit: number,
): Promise<VersionRef[]> {
  // Past the bound's own key unless the bound includes it whole; within that key, history
  // entries older than the bound's rank.
  const currentOp = bound.inclusive ? '>=' : '>';
  let currents = ctx.db
    .selectFrom('objects')
    .select('key')
    .where('bucket', '=', bucket)
    .where('key', currentOp, bound.key);
  let history = ctx.db.selectFrom('object_versions').selectAll().where('bucket', '=', bucket);
  const rank = bound.after;
  history =
    bound.inclusive || rank === undefined
      ? history.where('key', currentOp, bound.key)
      : history.where((eb) =>
          eb.or([
            eb('key', '>', bound.key),
            rank === CURRENT
              ? eb('key', '=', bound.key)
              : eb.and([eb('key', '=', bound.key), eb('seq', '<', rank)]),
          ]),
        );
  if (upper !== undefined) {
    currents = currents.where('key', '<', upper);
    history = history.where('key', '<', upper);
  }
  const historyRows = await history.orderBy('key').orderBy('seq', 'desc').limit(limit).execute();
  // A full page of history ends the merge at its last key: a current key past it sorts after
  // every one of those rows, so reading it would only be thrown away (and reading up to `limit`
  // of them made a page cost more in a bucket with more keys after it).
  const lastHistory = historyRows.length === limit ? historyRows.at(-1) : undefined;
  if (lastHistory !== undefined) currents = currents.where('key', '<=', lastHistory.key);
  const currentRows = await currents.orderBy('key').limit(limit).execute();
  const refs: VersionRef[] = [
    ...currentRows.map((r) => ({ key: r.key, rank: CURRENT })),
    ...historyRows.map((row) => ({ key: row.key, rank: toNumber(row.seq), row })),
  ];
  refs.sort(compareRefs);
  return refs.slice(0, limit);
}

/** Listing order: key in byte order, then newest first. */
function compareRefs(a: VersionRef, b: VersionRef): number {
  return compareKeys(a.key, b.key) || (a.rank === b.rank ? 0 : a.rank > b.rank ? -1 : 1);
}

/**
 * For the listed history entries of keys without a current object: the `seq` of each such
 * key's newest entry, which is its latest version (a delete marker).
 */
async function latestHistoryKeys(
  ctx: RepoContext,
  bucket: string,
  entries: readonly { readonly row?: VersionRef; readonly prefix?: string }[],
  current: ReadonlyMap<string, unknown>,
): Promise<Map<string, number>> {
  const keys = [
    ...new Set(
      entries.flatMap((e) =>
        e.prefix === undefined && e.row?.row !== undefined && !current.has(e.row.key)
          ? [e.row.key]
          : [],
      ),
    ),
  ];
  const latest = new Map<string, number>();
  if (keys.length === 0) return latest;
  const rows = await ctx.db
    .selectFrom('object_versions')
    .select((eb) => ['key', eb.fn.max('seq').as('seq')])
    .where('bucket', '=', bucket)
    .where('key', 'in', keys)
    .groupBy('key')
    .execute();
  for (const row of rows) latest.set(row.key, toNumber(row.seq));
  return latest;
}

/** The S3 version id of a listed version. */
function versionIdOf(ref: VersionRef, current: ReadonlyMap<string, ObjectRecord>): string {
  if (ref.row === undefined) {
    const record = current.get(ref.key);
    return record === undefined ? '' : s3VersionIdOf(record);
  }
  return s3VersionIdOf({
    versionId: ref.row.version_id,
    versioned: toNumber(ref.row.versioned) === 1,
  });
}
