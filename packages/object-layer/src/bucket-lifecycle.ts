import type { LifecycleRule } from '@strata/metastore-core';
import { S3Error, type LifecycleRuleXml } from '@strata/s3-xml';
import type { LayerContext } from './internal/context.js';
import { requireBucket } from './internal/load.js';
import { noSuchBucket } from './internal/s3-errors.js';
import { toLifecycleRules } from './lifecycle-rules.js';

/**
 * GetBucketLifecycleConfiguration: the bucket's lifecycle rules, in document order.
 *
 * @throws S3Error NoSuchBucket; NoSuchLifecycleConfiguration when it has none.
 */
export async function getBucketLifecycle(
  ctx: LayerContext,
  bucket: string,
): Promise<readonly LifecycleRule[]> {
  const found = await requireBucket(ctx, bucket);
  if (found.lifecycle === undefined) {
    throw new S3Error('NoSuchLifecycleConfiguration', { extra: { BucketName: bucket } });
  }
  return found.lifecycle;
}

/**
 * PutBucketLifecycleConfiguration: replaces the bucket's lifecycle rules, checked first
 * ({@link toLifecycleRules}); the lifecycle worker applies them from its next pass.
 *
 * @throws S3Error MalformedXML, InvalidArgument, InvalidRequest, NotImplemented (transitions),
 *   NoSuchBucket.
 */
export async function putBucketLifecycle(
  ctx: LayerContext,
  bucket: string,
  rules: readonly LifecycleRuleXml[],
): Promise<readonly LifecycleRule[]> {
  const checked = toLifecycleRules(rules);
  if (!(await ctx.store.buckets.setLifecycle(bucket, checked))) throw noSuchBucket(bucket);
  return checked;
}

/** DeleteBucketLifecycle: removes the bucket's rules (none is fine). @throws S3Error NoSuchBucket */
export async function deleteBucketLifecycle(ctx: LayerContext, bucket: string): Promise<void> {
  if (!(await ctx.store.buckets.setLifecycle(bucket, undefined))) throw noSuchBucket(bucket);
}
