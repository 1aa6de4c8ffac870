import { sql } from 'kysely';
import type { ObjectCopy } from '../types.js';
import type { HistoryByBackendPage, HistoryByBackendQuery } from '../version-repo.js';
import { applyUsage } from './apply-usage.js';
import { parseJson, serializeJson, toNumber } from './codec.js';
import type { RepoContext } from './repo-context.js';
import { toHistoryRecord, type VersionRow } from './version-rows.js';

// The cleanup queue's proof that a blob is unreferenced (`claimDeletable`) looks at current
// copies and write intents, not at these JSON copies. That stays safe for the reason every
// deletion is: a history copy's blob got a fresh name under an intent that its `addCopy`
// removed in the same transaction, so no cleanup job names it until the transaction that
// removes the copy (or its version) queues it.

/**
 * A noncurrent object version by write id, its key's version changes held off first
 * (`lockKey`, as every history change takes it), so a copy change never races its removal.
 */
async function lockHistoryVersion(
  ctx: RepoContext,
  bucket: string,
  key: string,
  writeId: string,
): Promise<VersionRow | undefined> {
  await ctx.adapter.lockKey(ctx.db, bucket, key);
  return ctx.db
    .selectFrom('object_versions')
    .selectAll()
    .where('bucket', '=', bucket)
    .where('key', '=', key)
    .where('version_id', '=', writeId)
    .where('delete_marker', '=', 0)
    .executeTakeFirst();
}

async function writeCopies(
  ctx: RepoContext,
  row: VersionRow,
  copies: readonly ObjectCopy[],
): Promise<void> {
  await ctx.db
    .updateTable('object_versions')
    .set({ copies: serializeJson(copies) })
    .where('bucket', '=', row.bucket)
    .where('key', '=', row.key)
    .where('seq', '=', row.seq)
    .execute();
  const size = toNumber(row.size);
  await applyUsage(
    ctx,
    row.bucket,
    [{ size, copies: parseJson<ObjectCopy[]>(row.copies) }],
    [{ size, copies }],
  );
}

/** `VersionRepo.addCopy`: appends `copy` unless the version is gone or has one on its backend. */
export async function addHistoryCopy(
  ctx: RepoContext,
  bucket: string,
  key: string,
  writeId: string,
  copy: ObjectCopy,
): Promise<boolean> {
  const row = await lockHistoryVersion(ctx, bucket, key, writeId);
  if (row === undefined) return false;
  const copies = parseJson<ObjectCopy[]>(row.copies);
  if (copies.some((c) => c.backend === copy.backend)) return false;
  await writeCopies(ctx, row, [...copies, { backend: copy.backend, blob: copy.blob }]);
  return true;
}

/** `VersionRepo.removeCopy`: removes the version's copy on `backend` unless it is the last. */
export async function removeHistoryCopy(
  ctx: RepoContext,
  bucket: string,
  key: string,
  writeId: string,
  backend: string,
): Promise<ObjectCopy | undefined> {
  const row = await lockHistoryVersion(ctx, bucket, key, writeId);
  if (row === undefined) return undefined;
  const copies = parseJson<ObjectCopy[]>(row.copies);
  const removed = copies.find((c) => c.backend === backend);
  if (removed === undefined || copies.length < 2) return undefined;
  await writeCopies(
    ctx,
    row,
    copies.filter((c) => c !== removed),
  );
  return removed;
}

/** Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `VersionRepo.listByBackend`: a keyset walk of the history in (bucket, key, write id) order,
 * the `object_versions_id` index's order, keeping object versions whose copies name `backend`.
 * The copies are a JSON column, so the filter is a substring match on the serialized copy
 * (`"backend":"<name>"`, exact but for SQLite's ASCII case folding) checked exactly in code; a
 * page therefore reports where its scan stopped, not only what it kept. A walk reads the history
 * once.
 */
export async function listHistoryByBackend(
  ctx: RepoContext,
  backend: string,
  query: HistoryByBackendQuery,
): Promise<HistoryByBackendPage> {
  const { after, limit } = query;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`listByBackend limit must be a non-negative integer, got ${limit}`);
  }
  if (limit === 0) return { records: [] };
  const needle = `%${likeLiteral(`"backend":${JSON.stringify(backend)}`)}%`;
  const rows = await ctx.db
    .selectFrom('object_versions')
    .selectAll()
    .where('delete_marker', '=', 0)
    .where(sql<boolean>`copies LIKE ${needle} ESCAPE '\\'`)
    .$if(after !== undefined, (qb) =>
      qb.where((eb) =>
        eb(
          eb.refTuple('bucket', 'key', 'version_id'),
          '>',
          eb.tuple(after!.bucket, after!.key, after!.writeId),
        ),
      ),
    )
    .orderBy('bucket')
    .orderBy('key')
    .orderBy('version_id')
    .limit(limit)
    .execute();
  const records = rows
    .map(toHistoryRecord)
    .filter((record) => record.copies.some((c) => c.backend === backend));
  const last = rows.at(-1);
  return rows.length < limit || last === undefined
    ? { records }
    : { records, next: { bucket: last.bucket, key: last.key, writeId: last.version_id } };
}
