import type { BucketEncryption } from '@strata/metastore-core';
import { S3Error, type ServerSideEncryptionRuleXml } from '@strata/s3-xml';
import type { LayerContext } from './internal/context.js';
import { requireBucket } from './internal/load.js';
import { noSuchBucket } from './internal/s3-errors.js';
import { keyringKeyFor } from './internal/seal.js';

/**
 * A bucket's default encryption rule as stored, from a parsed PutBucketEncryption rule: a KMS key
 * id only with an `aws:kms` algorithm, as S3 checks it; `BucketKeyEnabled` only when sent.
 *
 * @throws S3Error InvalidArgument for a `KMSMasterKeyID` with `AES256`.
 */
export function toBucketEncryption(rule: ServerSideEncryptionRuleXml): BucketEncryption {
  if (rule.kmsMasterKeyId !== undefined && rule.sseAlgorithm === 'AES256') {
    throw new S3Error('InvalidArgument', {
      message:
        'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
      extra: { ArgumentName: 'ApplyServerSideEncryptionByDefault' },
    });
  }
  return {
    algorithm: rule.sseAlgorithm,
    ...(rule.kmsMasterKeyId === undefined ? {} : { kmsKeyId: rule.kmsMasterKeyId }),
    ...(rule.bucketKeyEnabled === undefined ? {} : { bucketKeyEnabled: rule.bucketKeyEnabled }),
  };
}

/**
 * GetBucketEncryption: the bucket's default encryption rule. A bucket without one stores a
 * write that asks for no encryption in plain text, so it answers "not found" rather than the
 * AES256 default AWS now reports for every bucket.
 *
 * @throws S3Error NoSuchBucket; ServerSideEncryptionConfigurationNotFoundError when it has none.
 */
export async function getBucketEncryption(
  ctx: LayerContext,
  bucket: string,
): Promise<BucketEncryption> {
  const found = await requireBucket(ctx, bucket);
  if (found.encryption === undefined) {
    throw new S3Error('ServerSideEncryptionConfigurationNotFoundError', {
      extra: { BucketName: bucket },
    });
  }
  return found.encryption;
}

/**
 * PutBucketEncryption: replaces the bucket's default encryption rule, checked first
 * ({@link toBucketEncryption}), then as a write's would be (`keyringKeyFor`): without a keyring,
 * for `aws:kms:dsse` or a KMS key the keyring lacks, no write could honour it, so the rule is
 * refused rather than stored: a client must never believe its bucket encrypts when it cannot.
 *
 * @throws S3Error NotImplemented (no keyring, `aws:kms:dsse`), KMS.NotFoundException,
 *   InvalidArgument, NoSuchBucket.
 */
export async function putBucketEncryption(
  ctx: LayerContext,
  bucket: string,
  rule: ServerSideEncryptionRuleXml,
): Promise<void> {
  const checked = toBucketEncryption(rule);
  // The rule must be one a write could honour: keys configured, the KMS key among them.
  keyringKeyFor(ctx, checked.algorithm, checked.kmsKeyId);
  if (!(await ctx.store.buckets.setEncryption(bucket, checked))) throw noSuchBucket(bucket);
}

/**
 * DeleteBucketEncryption: removes the bucket's default encryption rule (none is fine). Objects
 * already stored keep the encryption they were written with.
 *
 * @throws S3Error NoSuchBucket
 */
export async function deleteBucketEncryption(ctx: LayerContext, bucket: string): Promise<void> {
  if (!(await ctx.store.buckets.setEncryption(bucket, undefined))) throw noSuchBucket(bucket);
}
