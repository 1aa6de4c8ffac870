import { bucketOf, type Handler } from './internal/handler.js';

/**
 * DeleteBucketOwnershipControls: removes the bucket's object ownership setting (ACLs then count
 * as enabled, so an ACL granting others is 501 rather than 400); 204 either way.
 */
export const deleteBucketOwnershipControls: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  await deps.layer.putBucketOwnershipControls(bucket, undefined);
  deps.access.forget(bucket);
  return c.body(null, 204);
};
