import { serializeServerSideEncryptionConfiguration } from '@strata/s3-xml';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/**
 * GetBucketEncryption (`?encryption`): the bucket's default encryption rule, exactly as set;
 * ServerSideEncryptionConfigurationNotFoundError when it has none (a write that asks for no
 * encryption is then stored in plain text, so Strata does not claim the AES256 default AWS
 * reports).
 */
export const getBucketEncryption: Handler = async (c, deps) => {
  const rule = await deps.layer.getBucketEncryption(bucketOf(c));
  return xml(
    c,
    serializeServerSideEncryptionConfiguration({
      sseAlgorithm: rule.algorithm,
      kmsMasterKeyId: rule.kmsKeyId,
      bucketKeyEnabled: rule.bucketKeyEnabled,
    }),
  );
};
