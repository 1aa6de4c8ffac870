import { parseCorsConfiguration } from '@strata/s3-xml';
import { requireIntegrityCheck, verifyBodyDigests } from '../http/integrity-check.js';
import { readXmlBody } from './internal/xml-body.js';
import { bucketOf, type Handler } from './internal/handler.js';

/**
 * PutBucketCors: replaces the bucket's CORS rules (checked as S3 checks them). S3 requires an
 * integrity check on this request, verified before anything changes.
 */
export const putBucketCors: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const headers = c.req.raw.headers;
  requireIntegrityCheck(headers);
  const body = await readXmlBody(c, deps);
  verifyBodyDigests(headers, body);
  await deps.layer.putBucketCors(bucket, parseCorsConfiguration(body.toString('utf8')));
  return c.body(null, 200);
};
