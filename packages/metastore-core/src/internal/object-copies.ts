import type { ObjectCopy } from '../types.js';
import { applyUsage } from './apply-usage.js';
import { toNumber } from './codec.js';
import type { RepoContext } from './repo-context.js';

/** A copy row of the locked version, with its place in the record's `copies`. */
interface CopyRow extends ObjectCopy {
  readonly position: number;
}

/** The locked current version: its size and its copies in order. */
interface LockedVersion {
  readonly size: number;
  readonly copies: readonly CopyRow[];
  /** One past the highest position any copy row of the key uses. */
  readonly nextPosition: number;
}

/**
 * Locks the key's `objects` row for update, as `put` does, if its current version is
 * `versionId`, and reads the copies after the lock so that they match it. On PostgreSQL a
 * concurrent overwrite makes this wait, and READ COMMITTED then re-checks the version against the
 * committed row, so an overwritten version is never locked (undefined).
 */
async function lockVersion(
  ctx: RepoContext,
  bucket: string,
  key: string,
  versionId: string,
): Promise<LockedVersion | undefined> {
  const { db, adapter } = ctx;
  const row = await adapter
    .lockRows(
      db
        .selectFrom('objects')
        .select('size')
        .where('bucket', '=', bucket)
        .where('key', '=', key)
        .where('version_id', '=', versionId),
      'update',
    )
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const rows = await db
    .selectFrom('object_copies')
    .select(['version_id', 'position', 'backend', 'blob'])
    .where('bucket', '=', bucket)
    .where('key', '=', key)
    .orderBy('position')
    .execute();
  return {
    size: toNumber(row.size),
    copies: rows
      .filter((r) => r.version_id === versionId)
      .map((r) => ({ position: r.position, backend: r.backend, blob: r.blob })),
    // Positions are unique per key (the primary key), whatever version a row belongs to.
    nextPosition: rows.reduce((next, r) => Math.max(next, r.position + 1), 0),
  };
}

/** {@link ObjectRepo.addCopy}: appends `copy` if `versionId` is current and has none on its backend. */
export async function addCopy(
  ctx: RepoContext,
  bucket: string,
  key: string,
  versionId: string,
  copy: ObjectCopy,
): Promise<boolean> {
  const current = await lockVersion(ctx, bucket, key, versionId);
  if (current === undefined || current.copies.some((c) => c.backend === copy.backend)) {
    return false;
  }
  await ctx.db
    .insertInto('object_copies')
    .values({
      bucket,
      key,
      version_id: versionId,
      position: current.nextPosition,
      backend: copy.backend,
      blob: copy.blob,
    })
    .execute();
  await applyUsage(
    ctx,
    bucket,
    [current],
    [{ size: current.size, copies: [...current.copies, copy] }],
  );
  return true;
}

/** {@link ObjectRepo.removeCopy}: removes the version's copy on `backend` unless it is the last. */
export async function removeCopy(
  ctx: RepoContext,
  bucket: string,
  key: string,
  versionId: string,
  backend: string,
): Promise<ObjectCopy | undefined> {
  const current = await lockVersion(ctx, bucket, key, versionId);
  const removed = current?.copies.find((c) => c.backend === backend);
  if (current === undefined || removed === undefined || current.copies.length < 2) {
    return undefined;
  }
  await ctx.db
    .deleteFrom('object_copies')
    .where('bucket', '=', bucket)
    .where('key', '=', key)
    .where('position', '=', removed.position)
    .execute();
  const copies = current.copies.filter((c) => c !== removed);
  await applyUsage(ctx, bucket, [current], [{ size: current.size, copies }]);
  return { backend: removed.backend, blob: removed.blob };
}
