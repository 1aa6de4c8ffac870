import { bucketOf, type Handler } from './internal/handler.js';

/** HeadBucket: 200 with `x-amz-bucket-region`, or 404/403 with headers only. */
export const headBucket: Handler = async (c, deps) => {
  const bucket = await deps.layer.getBucket(bucketOf(c));
  c.header('x-amz-bucket-region', bucket.region);
  return c.body(null, 200);
};
