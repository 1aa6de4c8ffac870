import { bucketOf, type Handler } from './internal/handler.js';

/** DeleteBucketLifecycle (`?lifecycle`): removes the bucket's rules; 204 whether it had some or not. */
export const deleteBucketLifecycle: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  await deps.layer.deleteBucketLifecycle(bucket);
  deps.access.forget(bucket);
  return c.body(null, 204);
};
