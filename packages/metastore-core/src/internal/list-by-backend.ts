import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Database, ObjectCopiesTable } from '../database.js';
import type { ListByBackendQuery, ObjectRecord } from '../types.js';
import { toObjectRecord } from './object-rows.js';
import type { RepoContext } from './repo-context.js';

/**
 * {@link ObjectRepo.listByBackend}. The page is the first `limit` distinct (bucket, key) pairs
 * with a copy on the backend past the cursor: an ordered range scan of the
 * `object_copies_backend_key` index (the row-value comparison `(bucket, key) > (…, …)` is a range
 * bound on both dialects, so a deep page costs what the first does). Rows and copies are then
 * joined to that page, two queries whatever the number of buckets it spans, without an `IN` list.
 */
export async function listByBackend(
  ctx: RepoContext,
  backend: string,
  query: ListByBackendQuery,
): Promise<ObjectRecord[]> {
  const { afterBucket, afterKey, limit } = query;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`listByBackend limit must be a non-negative integer, got ${limit}`);
  }
  if (afterKey !== undefined && afterBucket === undefined) {
    throw new TypeError('listByBackend: afterKey needs afterBucket');
  }
  if (limit === 0) return [];
  const { db } = ctx;
  const pastCursor = (eb: ExpressionBuilder<Database, 'object_copies'>) =>
    afterKey === undefined
      ? eb('bucket', '>', afterBucket ?? '')
      : eb(eb.refTuple('bucket', 'key'), '>', eb.tuple(afterBucket ?? '', afterKey));
  const page = db
    .selectFrom('object_copies')
    .select(['bucket', 'key'])
    .distinct()
    .where('backend', '=', backend)
    .$if(afterBucket !== undefined, (qb) => qb.where(pastCursor))
    .orderBy('bucket')
    .orderBy('key')
    .limit(limit)
    .as('page');
  const rows = await db
    .selectFrom(page)
    .innerJoin('objects', (join) =>
      join.onRef('objects.bucket', '=', 'page.bucket').onRef('objects.key', '=', 'page.key'),
    )
    .selectAll('objects')
    .orderBy('objects.bucket')
    .orderBy('objects.key')
    .execute();
  const copies = await db
    .selectFrom(page)
    .innerJoin('object_copies', (join) =>
      join
        .onRef('object_copies.bucket', '=', 'page.bucket')
        .onRef('object_copies.key', '=', 'page.key'),
    )
    .selectAll('object_copies')
    .orderBy('object_copies.bucket')
    .orderBy('object_copies.key')
    .orderBy('object_copies.position')
    .execute();
  const copiesOf = groupByObject(copies);
  return rows.map((row) => toObjectRecord(row, copiesOf.get(row.bucket)?.get(row.key) ?? []));
}

type CopyRow = Selectable<ObjectCopiesTable>;

/** Copy rows by bucket, then key, in their order. */
function groupByObject(copies: readonly CopyRow[]): Map<string, Map<string, CopyRow[]>> {
  const byBucket = new Map<string, Map<string, CopyRow[]>>();
  for (const copy of copies) {
    let byKey = byBucket.get(copy.bucket);
    if (byKey === undefined) {
      byKey = new Map<string, CopyRow[]>();
      byBucket.set(copy.bucket, byKey);
    }
    const list = byKey.get(copy.key);
    if (list === undefined) byKey.set(copy.key, [copy]);
    else list.push(copy);
  }
  return byBucket;
}
