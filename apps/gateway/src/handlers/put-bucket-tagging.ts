import { parseTagging } from '@strata/s3-xml';
import { requireIntegrityCheck, verifyBodyDigests } from '../http/integrity-check.js';
import { readXmlBody } from './internal/xml-body.js';
import { bucketOf, type Handler } from './internal/handler.js';

/**
 * PutBucketTagging: replaces the bucket's tag set (at most 50 tags, no `aws:` keys). S3 requires
 * an integrity check on this request, verified before anything changes.
 */
export const putBucketTagging: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const headers = c.req.raw.headers;
  requireIntegrityCheck(headers);
  const body = await readXmlBody(c, deps);
  verifyBodyDigests(headers, body);
  await deps.layer.putBucketTagging(bucket, parseTagging(body.toString('utf8')));
  return c.body(null, 204);
};
