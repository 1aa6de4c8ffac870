import type { ListObjectsPage, ListObjectsQuery } from '../types.js';
import { prefixSuccessor } from './key-order.js';
import { loadObjects, type KeyRun } from './object-rows.js';
import type { RepoContext } from './repo-context.js';
import { seekList, startBound } from './seek-list.js';
import type { SeekBound, SeekEntry } from './seek-list.js';

/** S3 caps a listing page at 1000 entries. */
const MAX_KEYS = 1000;

/**
 * One page of a bucket listing. The scan reads keys only (an index-only range scan on the primary
 * key), seeking past each common prefix; then the page's records are loaded in two queries.
 */
export async function listObjects(
  ctx: RepoContext,
  bucket: string,
  query: ListObjectsQuery,
): Promise<ListObjectsPage> {
  const maxKeys = Math.min(Math.max(0, Math.floor(query.maxKeys)), MAX_KEYS);
  if (maxKeys === 0) return { objects: [], commonPrefixes: [], isTruncated: false };
  const prefix = query.prefix ?? '';
  const upper = prefix === '' ? undefined : prefixSuccessor(prefix);
  const { entries, isTruncated } = await seekList<string, never>({
    prefix,
    delimiter: query.delimiter,
    maxEntries: maxKeys,
    start: startBound(prefix, query.delimiter, query.startAfter),
    keyOf: (key) => key,
    boundAfter: (key) => ({ key, inclusive: false }),
    fetch: async (bound: SeekBound<never>, limit: number) => {
      let scan = ctx.db
        .selectFrom('objects')
        .select('key')
        .where('bucket', '=', bucket)
        .where('key', bound.inclusive ? '>=' : '>', bound.key);
      if (upper !== undefined) scan = scan.where('key', '<', upper);
      const rows = await scan.orderBy('key').limit(limit).execute();
      return rows.map((r) => r.key);
    },
  });
  const keys = entries.flatMap((e) => (e.prefix === undefined ? [e.row] : []));
  const records = await loadObjects(ctx.db, bucket, { runs: keyRuns(entries) });
  const last = entries.at(-1);
  return {
    // Rows were read in the same snapshot, so every listed key is found.
    objects: keys.flatMap((key) => records.get(key) ?? []),
    commonPrefixes: entries.flatMap((e) => (e.prefix === undefined ? [] : [e.prefix])),
    isTruncated,
    lastReturned: last === undefined ? undefined : (last.prefix ?? last.row),
  };
}

/**
 * The page's keys as runs of consecutive listed keys: a common prefix ends a run, since the keys
 * under it lie between its neighbours and were not listed.
 */
function keyRuns(entries: readonly SeekEntry<string>[]): KeyRun[] {
  const runs: KeyRun[] = [];
  let first: string | undefined;
  let last: string | undefined;
  for (const entry of entries) {
    if (entry.prefix === undefined) {
      first ??= entry.row;
      last = entry.row;
    } else if (first !== undefined && last !== undefined) {
      runs.push({ first, last });
      first = last = undefined;
    }
  }
  if (first !== undefined && last !== undefined) runs.push({ first, last });
  return runs;
}
