import { S3Error, type Tag } from '@strata/s3-xml';
import type { LayerContext } from './internal/context.js';
import { requireBucket } from './internal/load.js';
import { noSuchBucket } from './internal/s3-errors.js';
import { toBucketTags, toTagSet } from './tag-sets.js';

/**
 * GetBucketTagging: the bucket's tag set.
 *
 * @throws S3Error NoSuchBucket; NoSuchTagSet when the bucket has none.
 */
export async function getBucketTagging(ctx: LayerContext, bucket: string): Promise<Tag[]> {
  const found = await requireBucket(ctx, bucket);
  if (found.tags === undefined) {
    throw new S3Error('NoSuchTagSet', {
      message: 'The TagSet does not exist',
      extra: { BucketName: bucket },
    });
  }
  return toTagSet(found.tags);
}

/**
 * PutBucketTagging: replaces the bucket's tag set, checked first ({@link toBucketTags}); an
 * empty set removes it.
 *
 * @throws S3Error BadRequest, InvalidTag, NoSuchBucket.
 */
export async function putBucketTagging(
  ctx: LayerContext,
  bucket: string,
  tags: readonly Tag[],
): Promise<void> {
  const checked = toBucketTags(tags);
  if (!(await ctx.store.buckets.setTags(bucket, checked))) throw noSuchBucket(bucket);
}

/** DeleteBucketTagging: removes the bucket's tag set (none is fine). @throws S3Error NoSuchBucket */
export async function deleteBucketTagging(ctx: LayerContext, bucket: string): Promise<void> {
  if (!(await ctx.store.buckets.setTags(bucket, undefined))) throw noSuchBucket(bucket);
}
