import { s3VersionIdOf, type ObjectLock, type ObjectRetention } from '@strata/metastore-core';
import type { LayerContext } from './internal/context.js';
import type { LockTarget } from './types.js';
import { changeLock, loadLockTarget, noLockConfiguration } from './internal/change-lock.js';
import { protectedByObjectLock, retainUntilInPast } from './internal/object-lock.js';

/** Input of {@link putObjectRetention}. */
export interface PutObjectRetentionInput extends LockTarget {
  /** The new retention; absent (an empty `<Retention/>`) removes it. */
  readonly retention?: ObjectRetention | undefined;
  /** `x-amz-bypass-governance-retention: true` from a caller allowed to. */
  readonly bypassGovernance?: boolean | undefined;
}

/**
 * PutObjectRetention: sets, extends, shortens or removes the retention of a version, under S3's
 * rules. While a retention is in force, COMPLIANCE can only be extended (mode kept); GOVERNANCE
 * can be extended freely, and shortened, removed or turned into COMPLIANCE only with the bypass.
 * Once it has ended, anything goes. The legal hold is left as it is.
 *
 * @throws S3Error InvalidArgument (a date not in the future), AccessDenied (the lock forbids the
 *   change), and as {@link changeLock}.
 */
export async function putObjectRetention(
  ctx: LayerContext,
  input: PutObjectRetentionInput,
): Promise<{ versionId: string }> {
  const now = ctx.now();
  const next = input.retention;
  if (next !== undefined && next.retainUntil.getTime() <= now.getTime()) throw retainUntilInPast();
  return changeLock(ctx, input, (current) => {
    const old = current?.retention;
    if (old !== undefined && old.retainUntil.getTime() > now.getTime()) {
      const shortened =
        next === undefined || next.retainUntil.getTime() < old.retainUntil.getTime();
      if (old.mode === 'COMPLIANCE' && (shortened || next?.mode !== 'COMPLIANCE')) {
        throw protectedByObjectLock();
      }
      // Any change to GOVERNANCE but an extension (COMPLIANCE included: it would make the
      // version undeletable until its date) is altering the lock, which takes the bypass.
      const altered = shortened || next?.mode !== 'GOVERNANCE';
      if (old.mode === 'GOVERNANCE' && altered && input.bypassGovernance !== true) {
        throw protectedByObjectLock();
      }
    }
    const lock: ObjectLock = {
      ...(next === undefined ? {} : { retention: next }),
      ...(current?.legalHold === undefined ? {} : { legalHold: current.legalHold }),
    };
    return lock.retention === undefined && lock.legalHold === undefined ? undefined : lock;
  });
}

/**
 * GetObjectRetention.
 *
 * @throws S3Error NoSuchObjectLockConfiguration (no retention), and as {@link loadLockTarget}.
 */
export async function getObjectRetention(
  ctx: LayerContext,
  target: LockTarget,
): Promise<{ versionId: string; retention: ObjectRetention }> {
  const record = await loadLockTarget(ctx, target);
  const retention = record.lock?.retention;
  if (retention === undefined) throw noLockConfiguration();
  return { versionId: s3VersionIdOf(record), retention };
}
