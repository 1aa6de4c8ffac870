import { bucketOf, type Handler } from './internal/handler.js';

/** DeleteBucket: `BucketNotEmpty` unless empty. */
export const deleteBucket: Handler = async (c, deps) => {
  const name = bucketOf(c);
  await deps.layer.deleteBucket(name);
  deps.access.forget(name);
  return c.body(null, 204);
};
