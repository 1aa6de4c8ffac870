import { bucketOf, type Handler } from './internal/handler.js';

/** DeletePublicAccessBlock: removes the bucket's switches (all off); 204 either way. */
export const deletePublicAccessBlock: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  await deps.layer.putPublicAccessBlock(bucket, undefined);
  deps.access.forget(bucket);
  return c.body(null, 204);
};
