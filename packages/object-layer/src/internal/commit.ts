import type {
  MetaTx,
  ObjectCondition,
  ObjectRecord,
  OutboxEventName,
} from '@strata/metastore-core';
import { s3VersionIdOf } from '@strata/metastore-core';
import type { RequestOrigin } from '../request-origin.js';
import { notify } from './notify.js';
import { isS3Error } from '@strata/s3-xml';
import { lockAtCommit, objectLockNotEnabled } from './object-lock.js';
import {
  conditionalRequestConflict,
  noSuchBucket,
  noSuchKey,
  preconditionFailed,
} from './s3-errors.js';

/** Duck-typed view of the metastore's errors (checked by `code`, which survives duplicate package copies). */
interface CodedError {
  readonly code?: unknown;
  readonly reason?: unknown;
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as CodedError).code : undefined;
}

/** Which `ObjectCreated` event a {@link replaceObject} is, and who caused it. */
export interface CreatedEvent {
  readonly name: Extract<OutboxEventName, `s3:ObjectCreated:${string}`>;
  readonly origin?: RequestOrigin | undefined;
}

/** What {@link replaceObject} committed. */
export interface Replaced {
  /** The record as stored: `versioned` set from the bucket's versioning at the commit. */
  readonly record: ObjectRecord;
  /** The version it displaced as current, if any (kept in the history when versioned). */
  readonly previous?: ObjectRecord | undefined;
}

/**
 * Inside a commit transaction: makes `record` current under `condition`, and enqueues every copy
 * of each version the store no longer keeps for deletion (the old blob goes to the cleanup queue
 * only once the swap is committed). Re-checks the bucket, which a concurrent DeleteBucket may
 * have removed while the bytes streamed, and reads its versioning in the same transaction: in
 * an `Enabled` bucket the write is a new version (its write id is its version id) and the
 * displaced one stays in the history; `Suspended`, it is the key's `null` version. The
 * bucket's default retention applies here too ({@link lockAtCommit}), and the bucket's
 * notification configurations get their `ObjectCreated` event ({@link notify}).
 *
 * @throws S3Error NoSuchBucket, InvalidRequest (a lock on a bucket recreated without one); ConditionFailedError from the store.
 */
export async function replaceObject(
  tx: MetaTx,
  record: ObjectRecord,
  condition: ObjectCondition | undefined,
  event: CreatedEvent,
): Promise<Replaced> {
  const bucket = await tx.buckets.get(record.bucket);
  if (!bucket) throw noSuchBucket(record.bucket);
  const versioning = bucket.versioning === 'Unversioned' ? undefined : bucket.versioning;
  // Checked before the bytes were read; Object Lock is never disabled, so this cannot fire
  // unless the bucket was deleted and created again meanwhile.
  if (record.lock !== undefined && bucket.objectLock === undefined) throw objectLockNotEnabled();
  const lock = lockAtCommit(record.lock, bucket, record.lastModified);
  const stored: ObjectRecord = {
    ...record,
    versioned: versioning === 'Enabled' ? true : undefined,
    ...(lock === undefined ? {} : { lock }),
  };
  const { previous, discarded } = await tx.objects.put(stored, condition, { versioning });
  await enqueueDiscarded(tx, discarded, 'overwritten');
  await notify(tx, bucket, {
    name: event.name,
    key: stored.key,
    size: stored.size,
    etag: stored.etag,
    versionId: versioning === undefined ? undefined : s3VersionIdOf(stored),
    writeId: stored.versionId,
    time: stored.lastModified,
    origin: event.origin,
  });
  return { record: stored, previous };
}

/**
 * Enqueues every copy of versions the store no longer keeps for deletion, inside the
 * transaction that dropped them: the blobs are owed to the cleanup queue the moment no row
 * points at them.
 */
export async function enqueueDiscarded(
  tx: MetaTx,
  discarded: readonly ObjectRecord[],
  reason: 'overwritten' | 'deleted',
): Promise<void> {
  for (const gone of discarded) {
    for (const copy of gone.copies) {
      await tx.cleanup.enqueue({ backend: copy.backend, blob: copy.blob, size: gone.size, reason });
    }
  }
}

/**
 * Maps a failed conditional commit to the S3 answer: a failed compare-and-swap is 412
 * PreconditionFailed (404 NoSuchKey when `If-Match` found no object); a metastore too busy to
 * decide a conditional write is 409 ConditionalRequestConflict ("retry the upload", per the S3
 * conditional writes documentation). Other errors are returned unchanged.
 */
export function mapCommitError(
  error: unknown,
  condition: ObjectCondition | undefined,
  target: { readonly bucket: string; readonly key: string },
): unknown {
  const code = codeOf(error);
  if (code === 'ECONDITION') {
    const reason = (error as CodedError).reason;
    if (condition?.kind === 'absent') return preconditionFailed('If-None-Match');
    if (reason === 'missing') return noSuchKey(target.bucket, target.key);
    return preconditionFailed('If-Match');
  }
  if (code === 'EMETA_BUSY' && condition) return conditionalRequestConflict(error);
  return error;
}

/**
 * True when a failure during the commit step certainly rolled the transaction back (our own S3
 * errors thrown in the callback, a failed condition, a busy database), so the new blob is
 * garbage. Anything else (a connection lost during COMMIT) is ambiguous: the caller then leaves
 * the intent in place, and the reaper resolves it either way (a committed write removed the
 * intent in the same transaction; an uncommitted one left it to expire).
 */
export function isDefinitelyRolledBack(error: unknown): boolean {
  if (isS3Error(error)) return true;
  const code = codeOf(error);
  return code === 'ECONDITION' || code === 'EMETA_BUSY';
}
