import { bucketOf, type Handler } from './internal/handler.js';

/** DeleteBucketTagging: removes the bucket's tag set; 204 whether it had one or not. */
export const deleteBucketTagging: Handler = async (c, deps) => {
  await deps.layer.deleteBucketTagging(bucketOf(c));
  return c.body(null, 204);
};
