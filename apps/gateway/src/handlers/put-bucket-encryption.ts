import { parseServerSideEncryptionConfiguration } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { bucketOf, type Handler } from './internal/handler.js';

/**
 * PutBucketEncryption (`?encryption`): replaces the bucket's default encryption rule. S3
 * requires an integrity check on this request (the SDKs always send one), verified before
 * anything changes; without configured encryption keys the layer refuses the rule (501).
 */
export const putBucketEncryption: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const xml = await readVerifiedXml(c, deps, 'required');
  await deps.layer.putBucketEncryption(bucket, parseServerSideEncryptionConfiguration(xml));
  return c.body(null, 200);
};
