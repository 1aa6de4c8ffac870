import { parseCorsConfiguration } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { bucketOf, type Handler } from './internal/handler.js';

/**
 * PutBucketCors: replaces the bucket's CORS rules (checked as S3 checks them). S3 requires an
 * integrity check on this request, verified before anything changes.
 */
export const putBucketCors: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const xml = await readVerifiedXml(c, deps, 'required');
  await deps.layer.putBucketCors(bucket, parseCorsConfiguration(xml));
  return c.body(null, 200);
};
