import { bucketOf, type Handler } from './internal/handler.js';

/**
 * HeadBucket: 200 with no body, `x-amz-bucket-region` (the gateway's region, where every bucket
 * it serves lives and requests must be signed for) and `x-amz-access-point-alias: false` (a
 * bucket name, not an access point alias), as S3 answers; 404 when there is no such bucket.
 * The region also goes on HeadBucket's 403, 400 and 301 (`middleware/bucket-region/`).
 */
export const headBucket: Handler = async (c, deps) => {
  await deps.layer.getBucket(bucketOf(c));
  c.header('x-amz-bucket-region', deps.region);
  c.header('x-amz-access-point-alias', 'false');
  return c.body(null, 200);
};
