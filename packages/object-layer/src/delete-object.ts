import type {
  Bucket,
  DeleteMarker,
  MetaTx,
  ObjectCondition,
  ObjectRecord,
  VersioningMode,
} from '@strata/metastore-core';
import { s3VersionIdOf } from '@strata/metastore-core';
import { isS3Error } from '@strata/s3-xml';
import { assertWriteConditions, toObjectCondition } from './conditions.js';
import { enqueueDiscarded, mapCommitError } from './internal/commit.js';
import { notify } from './internal/notify.js';
import type { LayerContext } from './internal/context.js';
import { keyBackends, requireBucket } from './internal/load.js';
import { noSuchBucket } from './internal/s3-errors.js';
import { assertVersionId, noSuchVersion } from './internal/versions.js';
import { isObjectLocked, protectedByObjectLock } from './internal/object-lock.js';
import { enqueueTombstones, tombstoneNameFor, writeTombstones } from './internal/tombstones.js';
import { createWriteId } from './write-id.js';
import type { DeleteObjectsEntry } from './types.js';
import type { WithOrigin } from './request-origin.js';

/** Input of {@link deleteObject}. */
export interface DeleteObjectInput extends WithOrigin {
  readonly bucket: string;
  readonly key: string;
  /** Delete this version for good (`null` for the null version) instead of the key. */
  readonly versionId?: string | undefined;
  /**
   * `If-Match`: delete only if the current version (or, with `versionId`, that version) has
   * this ETag; `*` only if there is one.
   */
  readonly ifMatch?: string | undefined;
  /**
   * `x-amz-bypass-governance-retention: true` from a caller allowed to: a version under
   * GOVERNANCE retention may be deleted by id.
   */
  readonly bypassGovernance?: boolean | undefined;
  /**
   * Delete only while the key's latest version (object or delete marker) is this write id
   * (`ObjectRecord.versionId`, `DeleteMarker.versionId`), checked in the commit under the key's
   * lock; it takes the place of `ifMatch`. The lifecycle worker's guard: a current version it
   * expires is still current (never one written after it looked), a version it removes by id is
   * still noncurrent (a client's undelete or rollback is never undone), a marker it removes is
   * still alone. A mismatch is 412 PreconditionFailed (404 NoSuchKey without `versionId` when
   * the key has no current object), and nothing changes.
   */
  readonly expectedLatest?: string | undefined;
  /** A lifecycle expiration: its events are `s3:LifecycleExpiration:*`, not `s3:ObjectRemoved:*`. */
  readonly byLifecycle?: boolean | undefined;
}

/** What a DeleteObject did, as S3 reports it (`x-amz-version-id`, `x-amz-delete-marker`). */
export interface DeleteObjectOutput {
  /**
   * The version removed (when asked for by id) or the delete marker added; absent when the
   * bucket has never been versioned.
   */
  readonly versionId?: string | undefined;
  /** True when a delete marker was added, or the version removed by id was a marker. */
  readonly deleteMarker?: boolean | undefined;
}

/** Input of {@link deleteObjects}. */
export interface DeleteObjectsInput extends WithOrigin {
  readonly bucket: string;
  /** As {@link DeleteObjectInput.bypassGovernance}, for every entry. */
  readonly bypassGovernance?: boolean | undefined;
  readonly objects: readonly {
    readonly key: string;
    readonly versionId?: string | undefined;
    /** `<ETag>`: as {@link DeleteObjectInput.ifMatch}. */
    readonly etag?: string | undefined;
  }[];
}

/** How many keys of one DeleteObjects request are deleted at a time. */
const DELETE_PARALLELISM = 8;

interface Removal {
  readonly output: DeleteObjectOutput;
  /** Versions whose blobs are garbage now, already queued for cleanup. */
  readonly removed: readonly ObjectRecord[];
  /** The write id of the delete marker added: its tombstones are written after the commit. */
  readonly markerAdded?: string | undefined;
  /** The write id of the delete marker removed: its tombstones are queued, and deleted at once. */
  readonly markerRemoved?: string | undefined;
}

/**
 * In one transaction: drops the row(s) and queues their blobs, reading the bucket's versioning
 * there.
 */
async function removeInTx(
  tx: MetaTx,
  ctx: LayerContext,
  input: DeleteObjectInput,
  condition: ObjectCondition | undefined,
): Promise<Removal> {
  const bucket = await tx.buckets.get(input.bucket);
  if (!bucket) throw noSuchBucket(input.bucket);
  if (input.versionId !== undefined) {
    const result = await tx.versions
      .deleteVersion(input.bucket, input.key, input.versionId, {
        bypassGovernance: input.bypassGovernance,
        now: ctx.now(),
        expectedLatest: input.expectedLatest,
      })
      .catch((error: unknown) => {
        throw isObjectLocked(error) ? protectedByObjectLock(error) : error;
      });
    const removed = result?.removed.kind === 'object' ? [result.removed.record] : [];
    await enqueueDiscarded(tx, removed, 'deleted');
    const marker = result?.removed.kind === 'marker' ? result.removed.marker : undefined;
    if (marker !== undefined)
      await enqueueTombstones(ctx, tx, input.bucket, input.key, marker.versionId);
    if (result !== undefined)
      await notifyRemoved(tx, ctx, bucket, input, 'Delete', input.versionId);
    return {
      output: { versionId: input.versionId, deleteMarker: marker !== undefined || undefined },
      removed,
      markerRemoved: marker?.versionId,
    };
  }
  if (bucket.versioning === 'Unversioned') {
    const record = await tx.objects.delete(input.bucket, input.key, condition);
    const removed = record === undefined ? [] : [record];
    await enqueueDiscarded(tx, removed, 'deleted');
    if (record !== undefined) await notifyRemoved(tx, ctx, bucket, input, 'Delete', undefined);
    return { output: {}, removed };
  }
  const mode: VersioningMode = bucket.versioning;
  const marker: DeleteMarker = {
    bucket: input.bucket,
    key: input.key,
    versionId: createWriteId(ctx.now().getTime()),
    ...(mode === 'Enabled' ? { versioned: true } : {}),
    lastModified: ctx.now(),
    owner: bucket.owner,
  };
  const { discarded } = await tx.versions.markDeleted(marker, mode, condition);
  await enqueueDiscarded(tx, discarded, 'deleted');
  const markerId = s3VersionIdOf(marker);
  await notifyRemoved(tx, ctx, bucket, input, 'DeleteMarkerCreated', markerId, marker.versionId);
  return {
    output: { versionId: s3VersionIdOf(marker), deleteMarker: true },
    removed: discarded,
    markerAdded: marker.versionId,
  };
}

/**
 * The event of a removal (`s3:ObjectRemoved:*`, or `s3:LifecycleExpiration:*` for the lifecycle
 * worker's), appended in its transaction.
 */
async function notifyRemoved(
  tx: MetaTx,
  ctx: LayerContext,
  bucket: Bucket,
  input: DeleteObjectInput,
  kind: 'Delete' | 'DeleteMarkerCreated',
  versionId: string | undefined,
  writeId?: string,
): Promise<void> {
  // Most buckets have no configuration: no write id to make for them.
  if (bucket.notifications === undefined) return;
  await notify(tx, bucket, {
    name:
      input.byLifecycle === true ? `s3:LifecycleExpiration:${kind}` : `s3:ObjectRemoved:${kind}`,
    key: input.key,
    versionId,
    writeId: writeId ?? createWriteId(ctx.now().getTime()),
    time: ctx.now(),
    origin: input.origin,
  });
}

/**
 * DeleteObject. Unversioned, the key's object goes (a missing key succeeds: S3 answers 204
 * either way). In a versioned bucket a delete without a version id adds a delete marker
 * (`Suspended`: the `null` marker, which replaces the key's `null` version); with a version id
 * that one version is removed for good, and when it was current the next newest object version
 * becomes current. A well-formed id that names no version succeeds too, as on S3.
 *
 * With `ifMatch` the delete is conditional ({@link deleteCondition}). A version protected by
 * Object Lock (a legal hold, or a retention not yet over and not bypassed) stays: 403
 * AccessDenied. A delete without a version id only adds a marker, which a lock never prevents.
 *
 * @throws S3Error NoSuchBucket, InvalidArgument (a malformed version id), AccessDenied (Object
 *   Lock); with `ifMatch` or `expectedLatest` NoSuchKey, NoSuchVersion, PreconditionFailed,
 *   ConditionalRequestConflict (a race the metastore could not decide); metastore errors
 *   unchanged.
 */
export async function deleteObject(
  ctx: LayerContext,
  input: DeleteObjectInput,
): Promise<DeleteObjectOutput> {
  if (input.versionId !== undefined) assertVersionId(input.versionId);
  const condition = await deleteCondition(ctx, input);
  // One key's version changes are serialized by the store (`lockKey`), so a delete needs no
  // retry of its own; a busy metastore is the caller's 503 (409 for a conditional delete).
  const removal = await ctx.store
    .transaction((tx) => removeInTx(tx, ctx, input, condition))
    .catch((error: unknown) => {
      throw mapCommitError(error, condition, input);
    });
  // Delete right away to free space early; the queued job then finds nothing to do (deleting a
  // missing blob succeeds), and if this fails the cleanup worker retries.
  const { bucket, key } = input;
  await Promise.allSettled([
    ...removal.removed.flatMap((record) =>
      record.copies.map(async (copy) => ctx.backend(copy.backend).delete(copy.blob)),
    ),
    ...(removal.markerRemoved === undefined
      ? []
      : keyBackends(ctx, bucket).map(async (name) =>
          ctx.backend(name).delete(tombstoneNameFor(bucket, key, removal.markerRemoved!)),
        )),
  ]);
  if (removal.markerAdded !== undefined) {
    await writeTombstones(ctx, bucket, key, removal.markerAdded);
  }
  return removal.output;
}

/**
 * A conditional delete's check (`If-Match`), as S3 evaluates it: against the current version
 * (404 NoSuchKey when there is none, a delete marker included; 412 when the ETag differs),
 * then again atomically in the commit, which a concurrent overwrite fails with 412. With a
 * version id the named version is checked: its ETag never changes, so no commit-time check is
 * needed.
 *
 * @throws S3Error NoSuchKey, NoSuchVersion, PreconditionFailed.
 */
async function deleteCondition(
  ctx: LayerContext,
  input: DeleteObjectInput,
): Promise<ObjectCondition | undefined> {
  // With a version id, the store checks it (`deleteVersion`'s `expectedLatest`).
  if (input.expectedLatest !== undefined) {
    return input.versionId === undefined
      ? { kind: 'version', versionId: input.expectedLatest }
      : undefined;
  }
  if (input.ifMatch === undefined) return undefined;
  const conditions = { ifMatch: input.ifMatch };
  if (input.versionId !== undefined) {
    const version = await ctx.store.versions.get(input.bucket, input.key, input.versionId);
    if (version === undefined) {
      await requireBucket(ctx, input.bucket);
      throw noSuchVersion(input.key, input.versionId);
    }
    // A marker has no ETag: only `*` could match it, and S3 names it a missing object.
    assertWriteConditions(
      version.kind === 'object' ? version.record : undefined,
      conditions,
      input,
    );
    return undefined;
  }
  const current = await ctx.store.objects.get(input.bucket, input.key);
  if (current === undefined) await requireBucket(ctx, input.bucket);
  assertWriteConditions(current, conditions, input);
  return toObjectCondition(conditions, current);
}

/**
 * DeleteObjects: deletes each entry (at most 8 at a time) as {@link deleteObject} does and
 * reports per-entry outcomes in input order; an entry that fails gets an `error` (its S3 code,
 * or InternalError).
 *
 * @throws S3Error NoSuchBucket (for the whole request).
 */
export async function deleteObjects(
  ctx: LayerContext,
  input: DeleteObjectsInput,
): Promise<DeleteObjectsEntry[]> {
  await requireBucket(ctx, input.bucket);
  const entries: DeleteObjectsEntry[] = new Array<DeleteObjectsEntry>(input.objects.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < input.objects.length) {
      const index = next++;
      const { key, versionId, etag } = input.objects[index]!;
      const named = versionId === undefined ? { key } : { key, versionId };
      try {
        const output = await deleteObject(ctx, {
          bucket: input.bucket,
          key,
          versionId,
          ifMatch: etag,
          bypassGovernance: input.bypassGovernance,
          origin: input.origin,
        });
        entries[index] = output.deleteMarker
          ? { ...named, deleteMarker: true, deleteMarkerVersionId: output.versionId }
          : named;
      } catch (error) {
        entries[index] = { ...named, error: toEntryError(error) };
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(DELETE_PARALLELISM, input.objects.length) }, worker),
  );
  return entries;
}

function toEntryError(error: unknown): { code: string; message: string } {
  if (isS3Error(error)) return { code: error.code, message: error.message };
  return { code: 'InternalError', message: 'We encountered an internal error. Please try again.' };
}
