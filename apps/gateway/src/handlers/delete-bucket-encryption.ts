import { bucketOf, type Handler } from './internal/handler.js';

/**
 * DeleteBucketEncryption: removes the bucket's default encryption rule; 204 whether it had one
 * or not. Objects already stored keep the encryption they were written with.
 */
export const deleteBucketEncryption: Handler = async (c, deps) => {
  await deps.layer.deleteBucketEncryption(bucketOf(c));
  return c.body(null, 204);
};
