import { bucketOf, type Handler } from './internal/handler.js';

/** DeleteBucketCors: removes the bucket's CORS rules; 204 whether it had some or not. */
export const deleteBucketCors: Handler = async (c, deps) => {
  await deps.layer.deleteBucketCors(bucketOf(c));
  return c.body(null, 204);
};
