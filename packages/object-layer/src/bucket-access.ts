import {
  MalformedPolicyError,
  isPublicPolicy,
  parsePolicy,
  type BucketPolicy,
} from '@strata/access-policy';
import type { ObjectOwnership, PublicAccessBlock } from '@strata/metastore-core';
import { S3Error, isS3ErrorCode } from '@strata/s3-xml';
import type { LayerContext } from './internal/context.js';
import { requireBucket } from './internal/load.js';
import { noSuchBucket } from './internal/s3-errors.js';

/**
 * The public access block a new bucket gets, as AWS has given every new bucket since April
 * 2023: all four switches on, so nothing is public until its owner deletes or relaxes it.
 */
export const DEFAULT_PUBLIC_ACCESS_BLOCK: PublicAccessBlock = Object.freeze({
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
});

/**
 * GetBucketPolicy: the policy document, verbatim as it was put.
 *
 * @throws S3Error NoSuchBucket; NoSuchBucketPolicy when it has none.
 */
export async function getBucketPolicy(ctx: LayerContext, bucket: string): Promise<string> {
  const found = await requireBucket(ctx, bucket);
  if (found.policy === undefined) throw noSuchBucketPolicy(bucket);
  return found.policy;
}

/**
 * GetBucketPolicyStatus: whether the bucket's policy makes it public (AWS's "meaning of public").
 *
 * @throws S3Error NoSuchBucket; NoSuchBucketPolicy when it has none.
 */
export async function getBucketPolicyStatus(
  ctx: LayerContext,
  bucket: string,
): Promise<{ isPublic: boolean }> {
  const text = await getBucketPolicy(ctx, bucket);
  return { isPublic: isPublicPolicy(parsePolicy(text, { bucket, maxBytes: Infinity })) };
}

/**
 * PutBucketPolicy: validates the document ({@link parsePolicy}: AWS's grammar, its resources in
 * this bucket, 20 KB at most) and stores it as sent. A public policy is refused while the
 * bucket's public access block has `BlockPublicPolicy` on.
 *
 * @throws S3Error MalformedPolicy; AccessDenied (a public policy blocked); NoSuchBucket.
 */
export async function putBucketPolicy(
  ctx: LayerContext,
  bucket: string,
  text: string,
): Promise<void> {
  const found = await requireBucket(ctx, bucket);
  const policy = toPolicy(bucket, text);
  if (found.publicAccessBlock?.blockPublicPolicy === true && isPublicPolicy(policy)) {
    throw new S3Error('AccessDenied', {
      message:
        'User is not authorized to perform this action because public policies are blocked by the BlockPublicPolicy block public access setting.',
    });
  }
  if (!(await ctx.store.buckets.setPolicy(bucket, text))) throw noSuchBucket(bucket);
}

/** DeleteBucketPolicy: removes the policy (none is fine). @throws S3Error NoSuchBucket */
export async function deleteBucketPolicy(ctx: LayerContext, bucket: string): Promise<void> {
  if (!(await ctx.store.buckets.setPolicy(bucket, undefined))) throw noSuchBucket(bucket);
}

/**
 * GetPublicAccessBlock.
 *
 * @throws S3Error NoSuchBucket; NoSuchPublicAccessBlockConfiguration when it has none.
 */
export async function getPublicAccessBlock(
  ctx: LayerContext,
  bucket: string,
): Promise<PublicAccessBlock> {
  const found = await requireBucket(ctx, bucket);
  if (found.publicAccessBlock === undefined) {
    throw new S3Error('NoSuchPublicAccessBlockConfiguration', { extra: { BucketName: bucket } });
  }
  return found.publicAccessBlock;
}

/**
 * PutPublicAccessBlock: replaces all four switches; with `undefined`, DeletePublicAccessBlock
 * (none is fine).
 *
 * @throws S3Error NoSuchBucket
 */
export async function putPublicAccessBlock(
  ctx: LayerContext,
  bucket: string,
  block: PublicAccessBlock | undefined,
): Promise<void> {
  if (!(await ctx.store.buckets.setPublicAccessBlock(bucket, block))) throw noSuchBucket(bucket);
}

/**
 * GetBucketOwnershipControls.
 *
 * @throws S3Error NoSuchBucket; OwnershipControlsNotFoundError when it has none.
 */
export async function getBucketOwnershipControls(
  ctx: LayerContext,
  bucket: string,
): Promise<ObjectOwnership> {
  const found = await requireBucket(ctx, bucket);
  if (found.ownership === undefined) {
    throw new S3Error('OwnershipControlsNotFoundError', { extra: { BucketName: bucket } });
  }
  return found.ownership;
}

/**
 * PutBucketOwnershipControls; with `undefined`, DeleteBucketOwnershipControls (none is fine).
 * Strata keeps no ACL grants, so no bucket ACL can stand in the way of `BucketOwnerEnforced`.
 *
 * @throws S3Error NoSuchBucket
 */
export async function putBucketOwnershipControls(
  ctx: LayerContext,
  bucket: string,
  ownership: ObjectOwnership | undefined,
): Promise<void> {
  if (!(await ctx.store.buckets.setOwnership(bucket, ownership))) throw noSuchBucket(bucket);
}

function toPolicy(bucket: string, text: string): BucketPolicy {
  try {
    return parsePolicy(text, { bucket });
  } catch (error) {
    if (!(error instanceof MalformedPolicyError)) throw error;
    const code = isS3ErrorCode(error.code) ? error.code : 'MalformedPolicy';
    throw new S3Error(code, { message: error.message, cause: error });
  }
}

function noSuchBucketPolicy(bucket: string): S3Error {
  return new S3Error('NoSuchBucketPolicy', { extra: { BucketName: bucket } });
}
