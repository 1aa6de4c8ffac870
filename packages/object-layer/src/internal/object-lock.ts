import type {
  Bucket,
  DefaultRetention,
  ObjectLock,
  ObjectRecord,
  ObjectRetention,
} from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import type { WriteLockInput } from '../types.js';

/** 400 InvalidRequest: an Object Lock call or header on a bucket without Object Lock. */
export function objectLockNotEnabled(): S3Error {
  return new S3Error('InvalidRequest', { message: 'Bucket is missing Object Lock Configuration' });
}

/**
 * True for the metastore's `ObjectLockedError` (checked by `code`, which survives duplicate
 * package copies, as `commit.ts` checks the others).
 */
export function isObjectLocked(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'EOBJECT_LOCKED'
  );
}

/** 403 AccessDenied: a delete or a retention change that Object Lock forbids. */
export function protectedByObjectLock(cause?: unknown): S3Error {
  return new S3Error('AccessDenied', {
    message: 'Access Denied because object protected by object lock.',
    cause,
  });
}

/** 400 InvalidArgument: a retain-until date that is not in the future. */
export function retainUntilInPast(): S3Error {
  return new S3Error('InvalidArgument', {
    message: 'The retain until date must be in the future!',
  });
}

/**
 * The Object Lock a write asks for, checked as S3 checks it before any byte is read: the
 * bucket must have Object Lock enabled, mode and retain-until date come together, and the date
 * lies in the future. `undefined` when the write asks for none.
 *
 * @throws S3Error InvalidRequest (bucket without Object Lock), InvalidArgument.
 */
export function toWriteLock(
  input: WriteLockInput | undefined,
  bucket: Bucket,
  now: Date,
): ObjectLock | undefined {
  if (
    input === undefined ||
    (input.mode === undefined && input.retainUntil === undefined && input.legalHold === undefined)
  ) {
    return undefined;
  }
  if (bucket.objectLock === undefined) throw objectLockNotEnabled();
  if ((input.mode === undefined) !== (input.retainUntil === undefined)) {
    throw new S3Error('InvalidArgument', {
      message:
        'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied',
    });
  }
  let retention: ObjectRetention | undefined;
  if (input.mode !== undefined && input.retainUntil !== undefined) {
    if (input.retainUntil.getTime() <= now.getTime()) throw retainUntilInPast();
    retention = { mode: input.mode, retainUntil: input.retainUntil };
  }
  return {
    ...(retention === undefined ? {} : { retention }),
    ...(input.legalHold === undefined ? {} : { legalHold: input.legalHold }),
  };
}

/** When a default retention that starts at `from` ends: whole days, or calendar years (UTC). */
export function retainUntilOf(rule: DefaultRetention, from: Date): Date {
  const until = new Date(from.getTime());
  if (rule.years !== undefined) until.setUTCFullYear(until.getUTCFullYear() + rule.years);
  else until.setTime(until.getTime() + (rule.days ?? 0) * 86_400_000);
  return until;
}

/**
 * A new version's lock at commit: the one the write named, else the bucket's default retention
 * counted from the version's creation (read in the commit transaction, so a configuration
 * change never races a write). A legal hold named alone still gets the default retention.
 */
export function lockAtCommit(
  lock: ObjectLock | undefined,
  bucket: Bucket,
  createdAt: Date,
): ObjectLock | undefined {
  const rule = bucket.objectLock?.defaultRetention;
  if (rule === undefined || lock?.retention !== undefined) return lock;
  return { ...lock, retention: { mode: rule.mode, retainUntil: retainUntilOf(rule, createdAt) } };
}

/** `record` with the lock a write asked for (none: unchanged). */
export function withLock(record: ObjectRecord, lock: ObjectLock | undefined): ObjectRecord {
  return lock === undefined ? record : { ...record, lock };
}
