import { MetastoreBusyError } from '../errors.js';
import type { VersioningMode } from '../version-repo.js';
import type { DeleteMarker, ObjectRecord } from '../types.js';
import { NULL_VERSION_ID } from '../types.js';
import { toNumber } from './codec.js';
import type { RepoContext } from './repo-context.js';
import { toHistoryRecord, toMarkerRow, toVersionRow, type VersionRow } from './version-rows.js';

/**
 * Whether a current version displaced under `mode` is kept in the history: always with
 * versioning `Enabled`; while `Suspended` only a versioned one (the `null` version is replaced);
 * never in a bucket that was never versioned.
 */
export function keepsDisplaced(displaced: ObjectRecord, mode: VersioningMode | undefined): boolean {
  return mode === 'Enabled' || (mode === 'Suspended' && displaced.versioned === true);
}

/** The sequence number the next history entry of a key gets: one past its newest. */
async function nextSeq(ctx: RepoContext, bucket: string, key: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('object_versions')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('bucket', '=', bucket)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.seq === null || row?.seq === undefined ? 1 : toNumber(row.seq) + 1;
}

/**
 * Appends a version or marker as the key's newest history entry. Two writers of one key that
 * both have no current row to lock (PostgreSQL) can pick the same number: the loser inserts
 * nothing and fails, retryable.
 */
async function appendHistory(
  ctx: RepoContext,
  entry: { readonly record: ObjectRecord } | { readonly marker: DeleteMarker },
): Promise<void> {
  const { bucket, key } = 'record' in entry ? entry.record : entry.marker;
  const seq = await nextSeq(ctx, bucket, key);
  const row = 'record' in entry ? toVersionRow(entry.record, seq) : toMarkerRow(entry.marker, seq);
  const inserted = await ctx.db
    .insertInto('object_versions')
    .values(row)
    .onConflict((oc) => oc.columns(['bucket', 'key', 'seq']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0)
    throw new MetastoreBusyError('concurrent versioned write to the same key; retry');
}

/** Moves a displaced current version into the history (its usage stays counted). */
export function archiveVersion(ctx: RepoContext, record: ObjectRecord): Promise<void> {
  return appendHistory(ctx, { record });
}

/** Appends a delete marker as the key's latest version. */
export function appendMarker(ctx: RepoContext, marker: DeleteMarker): Promise<void> {
  return appendHistory(ctx, { marker });
}

/**
 * Removes the key's `null` entries from the history (a new `null` version or marker replaces
 * them); resolves with the object versions removed, whose copies are garbage now.
 */
export async function removeNullHistory(
  ctx: RepoContext,
  bucket: string,
  key: string,
): Promise<ObjectRecord[]> {
  const rows = await ctx.db
    .deleteFrom('object_versions')
    .where('bucket', '=', bucket)
    .where('key', '=', key)
    .where('versioned', '=', 0)
    .returningAll()
    .execute();
  return rows.filter((r) => toNumber(r.delete_marker) === 0).map(toHistoryRecord);
}

/** Deletes one history entry (a version removed for good, or one promoted back to current). */
export async function removeHistoryRow(ctx: RepoContext, row: VersionRow): Promise<void> {
  await ctx.db
    .deleteFrom('object_versions')
    .where('bucket', '=', row.bucket)
    .where('key', '=', row.key)
    .where('seq', '=', row.seq)
    .execute();
}

/** The key's newest history entry. */
export function newestHistory(
  ctx: RepoContext,
  bucket: string,
  key: string,
): Promise<VersionRow | undefined> {
  return ctx.db
    .selectFrom('object_versions')
    .selectAll()
    .where('bucket', '=', bucket)
    .where('key', '=', key)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The history entry of `key` S3 calls `versionId` (`null` for the null version). */
export function findHistory(
  ctx: RepoContext,
  bucket: string,
  key: string,
  versionId: string,
): Promise<VersionRow | undefined> {
  let query = ctx.db
    .selectFrom('object_versions')
    .selectAll()
    .where('bucket', '=', bucket)
    .where('key', '=', key);
  query =
    versionId === NULL_VERSION_ID
      ? query.where('versioned', '=', 0)
      : query.where('version_id', '=', versionId).where('versioned', '=', 1);
  return query.orderBy('seq', 'desc').limit(1).executeTakeFirst();
}
