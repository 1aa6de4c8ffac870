import { createHash } from 'node:crypto';
import type { Bucket, ObjectRecord } from '@strata/metastore-core';
import type { LayerContext } from './context.js';
import { noSuchBucket, noSuchKey } from './s3-errors.js';
import { assertVersionId, deletedKey, loadVersion, type VersionReader } from './versions.js';

/** @throws S3Error NoSuchBucket */
export async function requireBucket(ctx: LayerContext, bucket: string): Promise<Bucket> {
  const found = await ctx.store.buckets.get(bucket);
  if (!found) throw noSuchBucket(bucket);
  return found;
}

/** Options of {@link loadObject}. */
export interface LoadOptions {
  /** Load this version (`null` for the null version) instead of the current one. */
  readonly versionId?: string | undefined;
  /** What reads it, for the answer about a delete marker named by id ({@link loadVersion}). */
  readonly reader?: VersionReader | undefined;
}

/**
 * The current version of a key, or with `versionId` that version ({@link loadVersion}). One
 * query on the hot path: the bucket is only looked up to tell NoSuchBucket from NoSuchKey when
 * the key is missing (a bucket with objects cannot be deleted), and, in a bucket that has had
 * versioning, whether a delete marker hides the key.
 *
 * @throws S3Error NoSuchBucket or NoSuchKey (with `x-amz-delete-marker` when a marker is the
 *   latest); as {@link loadVersion} with a version id.
 */
export async function loadObject(
  ctx: LayerContext,
  bucket: string,
  key: string,
  options: LoadOptions = {},
): Promise<ObjectRecord> {
  const { versionId } = options;
  if (versionId !== undefined) {
    assertVersionId(versionId);
    await requireBucket(ctx, bucket);
    return loadVersion(ctx, bucket, key, versionId, options.reader);
  }
  const record = await ctx.store.objects.get(bucket, key);
  if (record) return record;
  const found = await requireBucket(ctx, bucket);
  if (found.versioning !== 'Unversioned') {
    const latest = await ctx.store.versions.latest(bucket, key);
    if (latest?.kind === 'marker') throw deletedKey(latest.marker);
  }
  throw noSuchKey(bucket, key);
}

/**
 * The backends a bucket's blobs may be on (its policy's, else every member): the ones degraded
 * reads list for a key's writes, and where a delete marker's tombstones go.
 */
export function keyBackends(ctx: LayerContext, bucket: string): readonly string[] {
  return ctx.policyOf(bucket).backends ?? ctx.pool.members().map((m) => m.name);
}

/**
 * Longest blob name prefix (`{bucket}/{key}@`) kept as is: S3 keys stop at 1024 bytes, and an S3
 * backend adds its own prefix and the 26-character write id.
 */
const MAX_BLOB_PREFIX_BYTES = 880;

/**
 * The blob names of every write of `key` start with this: `{bucket}/{key}@`, or for a key too
 * long for that, `{bucket}/{start of key}~{sha256 of key, 32 hex}@` (still unique per key).
 * Degraded reads find a key's newest blob by listing this prefix on the backends.
 */
export function blobPrefixFor(bucket: string, key: string): string {
  const plain = `${bucket}/${key}@`;
  if (Buffer.byteLength(plain) <= MAX_BLOB_PREFIX_BYTES) return plain;
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 32);
  // Cut on a code point, well inside the budget whatever the key's characters.
  const head = Array.from(key).slice(0, 200).join('');
  return `${bucket}/${head}~${digest}@`;
}

/** Blob name of a write: {@link blobPrefixFor} + the write id (a fresh name for every write). */
export function blobNameFor(bucket: string, key: string, writeId: string): string {
  return blobPrefixFor(bucket, key) + writeId;
}

/**
 * Blob name of one more copy of a committed version (a replica, an evacuation, a rebalance):
 * the version's own name, {@link blobNameFor}, then `.` and the copy's fresh write id. The copy
 * never reuses a name, so a name queued for deletion can never come to hold a
 * copy's bytes; and the version's write id stays first, so degraded reads, which take the newest
 * write id under the key's prefix, still order the copy by its version, not by when it was made.
 */
export function copyBlobNameFor(
  bucket: string,
  key: string,
  versionId: string,
  copyId: string,
): string {
  return `${blobNameFor(bucket, key, versionId)}.${copyId}`;
}

/** The write id a blob name ends with. */
export function writeIdOfBlob(blob: string): string {
  return blob.slice(blob.lastIndexOf('@') + 1);
}
