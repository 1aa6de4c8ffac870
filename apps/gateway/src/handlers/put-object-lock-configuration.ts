import { parseObjectLockConfiguration } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { bucketOf, type Handler } from './internal/handler.js';

/**
 * PutObjectLockConfiguration (`?object-lock`): enables Object Lock on a versioned bucket, or
 * sets (or, without a `Rule`, removes) its default retention. S3 requires an integrity check
 * on the body (`Content-MD5` or `x-amz-checksum-*`).
 */
export const putObjectLockConfiguration: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const config = parseObjectLockConfiguration(await readVerifiedXml(c, deps, 'required'));
  await deps.layer.putObjectLockConfiguration(bucket, config);
  return c.body(null, 200);
};
