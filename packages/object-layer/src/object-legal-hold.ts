import { s3VersionIdOf } from '@strata/metastore-core';
import type { LayerContext } from './internal/context.js';
import type { LockTarget, PutObjectLegalHoldInput } from './types.js';
import { changeLock, loadLockTarget, noLockConfiguration } from './internal/change-lock.js';

/**
 * PutObjectLegalHold: turns a version's legal hold on or off (no bypass exists or is needed:
 * whoever may call it may lift it). The retention is left as it is.
 *
 * @throws S3Error as {@link changeLock}.
 */
export function putObjectLegalHold(
  ctx: LayerContext,
  input: PutObjectLegalHoldInput,
): Promise<{ versionId: string }> {
  return changeLock(ctx, input, (current) => ({ ...current, legalHold: input.on }));
}

/**
 * GetObjectLegalHold: whether the version's legal hold is on.
 *
 * @throws S3Error NoSuchObjectLockConfiguration (a hold was never set), and as
 *   {@link loadLockTarget}.
 */
export async function getObjectLegalHold(
  ctx: LayerContext,
  target: LockTarget,
): Promise<{ versionId: string; on: boolean }> {
  const record = await loadLockTarget(ctx, target);
  const on = record.lock?.legalHold;
  if (on === undefined) throw noLockConfiguration();
  return { versionId: s3VersionIdOf(record), on };
}
