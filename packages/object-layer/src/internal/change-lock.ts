import { s3VersionIdOf, type ObjectLock, type ObjectRecord } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import type { LayerContext } from './context.js';
import { loadObject, requireBucket } from './load.js';
import { objectLockNotEnabled } from './object-lock.js';
import { assertVersionId, loadVersion } from './versions.js';
import type { LockTarget } from '../types.js';

/** Tries before giving up on a version whose lock keeps changing under us. */
const MAX_ATTEMPTS = 5;

/**
 * The version a lock call reads or changes, in a bucket with Object Lock (checked first, as S3
 * answers a bucket without it before it looks the key up).
 *
 * @throws S3Error NoSuchBucket, InvalidRequest (no Object Lock), NoSuchKey, NoSuchVersion,
 *   MethodNotAllowed (a delete marker).
 */
export async function loadLockTarget(ctx: LayerContext, target: LockTarget): Promise<ObjectRecord> {
  const { bucket, key, versionId } = target;
  if (versionId !== undefined) assertVersionId(versionId);
  const found = await requireBucket(ctx, bucket);
  if (found.objectLock === undefined) throw objectLockNotEnabled();
  // The bucket is known: a version by id is read directly (`loadObject` would look it up again).
  return versionId === undefined
    ? loadObject(ctx, bucket, key)
    : loadVersion(ctx, bucket, key, versionId);
}

/**
 * Changes a version's lock to what `change` makes of the lock it has, as a compare-and-swap: a
 * concurrent change makes it read again and decide again, so a check `change` makes (a
 * retention may not be shortened) always holds against the lock it replaces. The change names
 * the version it read by its write id: without a version id, an overwrite in between leaves it
 * on the version that was current when the request read it (now noncurrent, as if the request
 * had come just before the overwrite). Resolves with the S3 version id changed.
 *
 * @throws S3Error as {@link loadLockTarget}, what `change` throws, ConditionalRequestConflict
 *   when the lock changes on every try.
 */
export async function changeLock(
  ctx: LayerContext,
  target: LockTarget,
  change: (current: ObjectLock | undefined) => ObjectLock | undefined,
): Promise<{ versionId: string }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const record = await loadLockTarget(ctx, target);
    const next = change(record.lock);
    const expected = { expected: record.lock };
    if (
      await ctx.store.versions.setLock(target.bucket, target.key, record.versionId, next, expected)
    ) {
      return { versionId: s3VersionIdOf(record) };
    }
  }
  throw new S3Error('ConditionalRequestConflict', {
    message: 'The object lock was changed while this request changed it. Please try again.',
  });
}

/** 404 NoSuchObjectLockConfiguration: the version has no retention (or no legal hold). */
export function noLockConfiguration(): S3Error {
  return new S3Error('NoSuchObjectLockConfiguration', {
    message: 'The specified object does not have a ObjectLock configuration',
  });
}
