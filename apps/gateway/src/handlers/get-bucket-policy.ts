import { ownersBucket } from './internal/owner-only.js';
import type { Handler } from './internal/handler.js';

/** GetBucketPolicy (`?policy`): the policy document as it was put; NoSuchBucketPolicy without one. */
export const getBucketPolicy: Handler = async (c, deps) => {
  const policy = await deps.layer.getBucketPolicy(await ownersBucket(c, deps));
  return c.body(policy, 200, { 'content-type': 'application/json' });
};
