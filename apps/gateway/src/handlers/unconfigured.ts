import { S3Error, type S3ErrorCode } from '@strata/s3-xml';
import { bucketOf, type Handler } from './handler.js';

/**
 * Bucket sub-resources Strata has no configuration for, and the "not configured" error AWS
 * answers for a bucket that has none. Clients probe these (s3cmd `info`, terraform, SDK
 * helpers) and handle these errors; a 501 would read as a broken server.
 */
export const UNCONFIGURED_SUBRESOURCES: Readonly<Record<string, S3ErrorCode>> = {
  policy: 'NoSuchBucketPolicy',
  cors: 'NoSuchCORSConfiguration',
  lifecycle: 'NoSuchLifecycleConfiguration',
  encryption: 'ServerSideEncryptionConfigurationNotFoundError',
  tagging: 'NoSuchTagSet',
  website: 'NoSuchWebsiteConfiguration',
  'object-lock': 'ObjectLockConfigurationNotFoundError',
  ownershipControls: 'OwnershipControlsNotFoundError',
};

/** GET of an unconfigured bucket sub-resource: NoSuchBucket first, then its not-found error. */
export const getUnconfiguredSubresource: Handler = async (c, deps) => {
  const bucket = await deps.layer.getBucket(bucketOf(c));
  const sub = [...c.get('target').query.keys()].find((name) => name in UNCONFIGURED_SUBRESOURCES);
  throw new S3Error(UNCONFIGURED_SUBRESOURCES[sub!]!, { extra: { BucketName: bucket.name } });
};
