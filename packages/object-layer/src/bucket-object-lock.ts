import type { BucketObjectLock } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import type { LayerContext } from './internal/context.js';
import { requireBucket } from './internal/load.js';
import { noSuchBucket } from './internal/s3-errors.js';

/**
 * PutObjectLockConfiguration: enables Object Lock on a bucket whose versioning is `Enabled`
 * (S3 allows enabling it later, not only at creation), or replaces its default retention; a
 * configuration without a rule removes the default. Object Lock is never disabled again.
 *
 * @throws S3Error NoSuchBucket, InvalidBucketState (versioning not `Enabled`).
 */
export async function putObjectLockConfiguration(
  ctx: LayerContext,
  bucket: string,
  config: BucketObjectLock,
): Promise<void> {
  if (await ctx.store.buckets.setObjectLock(bucket, config)) return;
  // Refused by the store, whose update checks versioning itself (so a concurrent suspension
  // cannot slip in between): the bucket is gone, or not `Enabled`.
  if ((await ctx.store.buckets.get(bucket)) === undefined) throw noSuchBucket(bucket);
  throw new S3Error('InvalidBucketState', {
    message: "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration",
  });
}

/**
 * GetObjectLockConfiguration.
 *
 * @throws S3Error NoSuchBucket, ObjectLockConfigurationNotFoundError (Object Lock not enabled).
 */
export async function getObjectLockConfiguration(
  ctx: LayerContext,
  bucket: string,
): Promise<BucketObjectLock> {
  const found = await requireBucket(ctx, bucket);
  if (found.objectLock === undefined) {
    throw new S3Error('ObjectLockConfigurationNotFoundError', {
      message: 'Object Lock configuration does not exist for this bucket',
      extra: { BucketName: bucket },
    });
  }
  return found.objectLock;
}
