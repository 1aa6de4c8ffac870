import { parseTagging } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { bucketOf, type Handler } from './internal/handler.js';

/**
 * PutBucketTagging: replaces the bucket's tag set (at most 50 tags, no `aws:` keys). S3 requires
 * an integrity check on this request, verified before anything changes.
 */
export const putBucketTagging: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const xml = await readVerifiedXml(c, deps, 'required');
  await deps.layer.putBucketTagging(bucket, parseTagging(xml));
  return c.body(null, 204);
};
