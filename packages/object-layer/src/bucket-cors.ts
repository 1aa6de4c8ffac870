import type { CorsRule } from '@strata/metastore-core';
import { S3Error, type CorsRuleXml } from '@strata/s3-xml';
import { toCorsRules } from './cors-rules.js';
import type { LayerContext } from './internal/context.js';
import { requireBucket } from './internal/load.js';
import { noSuchBucket } from './internal/s3-errors.js';

/**
 * GetBucketCors: the bucket's CORS rules.
 *
 * @throws S3Error NoSuchBucket; NoSuchCORSConfiguration when it has none.
 */
export async function getBucketCors(
  ctx: LayerContext,
  bucket: string,
): Promise<readonly CorsRule[]> {
  const found = await requireBucket(ctx, bucket);
  if (found.cors === undefined) {
    throw new S3Error('NoSuchCORSConfiguration', { extra: { BucketName: bucket } });
  }
  return found.cors;
}

/**
 * PutBucketCors: replaces the bucket's CORS rules, checked first ({@link toCorsRules}).
 *
 * @throws S3Error InvalidRequest, NoSuchBucket.
 */
export async function putBucketCors(
  ctx: LayerContext,
  bucket: string,
  rules: readonly CorsRuleXml[],
): Promise<void> {
  const checked = toCorsRules(rules);
  if (!(await ctx.store.buckets.setCors(bucket, checked))) throw noSuchBucket(bucket);
}

/** DeleteBucketCors: removes the bucket's CORS rules (none is fine). @throws S3Error NoSuchBucket */
export async function deleteBucketCors(ctx: LayerContext, bucket: string): Promise<void> {
  if (!(await ctx.store.buckets.setCors(bucket, undefined))) throw noSuchBucket(bucket);
}
