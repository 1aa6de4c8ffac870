import { ownersBucket } from './internal/owner-only.js';
import type { Handler } from './internal/handler.js';

/** DeleteBucketPolicy: removes the policy; 204 whether there was one or not. */
export const deleteBucketPolicy: Handler = async (c, deps) => {
  const bucket = await ownersBucket(c, deps);
  await deps.layer.deleteBucketPolicy(bucket);
  deps.access.forget(bucket);
  return c.body(null, 204);
};
