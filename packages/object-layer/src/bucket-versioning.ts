import type { VersioningConfigurationXml } from '@strata/s3-xml';
import { S3Error } from '@strata/s3-xml';
import type { LayerContext } from './internal/context.js';
import { noSuchBucket } from './internal/s3-errors.js';

/**
 * PutBucketVersioning: `Enabled` or `Suspended`. A bucket never returns to unversioned, so a
 * configuration without `Status` is refused, as S3 refuses it. MFA delete needs an MFA device
 * behind every versioned delete, which Strata has no notion of: `MfaDelete: Enabled` is 501
 * rather than a setting that would be stored and never enforced (`Disabled` is what every
 * bucket is, so it is accepted). A bucket with Object Lock cannot be suspended: its locks rely
 * on every write being a new version.
 *
 * @throws S3Error IllegalVersioningConfigurationException, NotImplemented (MFA delete),
 *   NoSuchBucket, InvalidBucketState (suspending a bucket with Object Lock).
 */
export async function putBucketVersioning(
  ctx: LayerContext,
  bucket: string,
  config: VersioningConfigurationXml,
): Promise<void> {
  if (config.mfaDelete === 'Enabled') {
    throw new S3Error('NotImplemented', {
      message: 'MFA delete is not supported.',
      extra: { Header: 'MfaDelete' },
    });
  }
  if (config.status === undefined) {
    throw new S3Error('IllegalVersioningConfigurationException', {
      message: 'The Versioning element must be specified',
    });
  }
  if (await ctx.store.buckets.setVersioning(bucket, config.status)) return;
  // Refused by the store: the bucket is gone, or has Object Lock (checked in its update, so a
  // concurrent PutObjectLockConfiguration cannot slip in between).
  if ((await ctx.store.buckets.get(bucket)) === undefined) throw noSuchBucket(bucket);
  throw new S3Error('InvalidBucketState', {
    message:
      'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.',
  });
}
