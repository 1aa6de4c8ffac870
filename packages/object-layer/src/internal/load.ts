import type { Bucket, ObjectRecord } from '@strata/metastore-core';
import type { LayerContext } from './context.js';
import { noSuchBucket, noSuchKey } from './s3-errors.js';

/** @throws S3Error NoSuchBucket */
export async function requireBucket(ctx: LayerContext, bucket: string): Promise<Bucket> {
  const found = await ctx.store.buckets.get(bucket);
  if (!found) throw noSuchBucket(bucket);
  return found;
}

/**
 * The current version of a key. One query on the hot path: the bucket is only looked up to tell
 * NoSuchBucket from NoSuchKey when the key is missing (a bucket with objects cannot be deleted).
 *
 * @throws S3Error NoSuchBucket or NoSuchKey
 */
export async function loadObject(
  ctx: LayerContext,
  bucket: string,
  key: string,
): Promise<ObjectRecord> {
  const record = await ctx.store.objects.get(bucket, key);
  if (record) return record;
  await requireBucket(ctx, bucket);
  throw noSuchKey(bucket, key);
}

/** Blob name of a write: `{bucket}/{key}@{writeId}` (DESIGN invariant 2). */
export function blobNameFor(bucket: string, key: string, writeId: string): string {
  return `${bucket}/${key}@${writeId}`;
}

/** The write id a blob name ends with. */
export function writeIdOfBlob(blob: string): string {
  return blob.slice(blob.lastIndexOf('@') + 1);
}
