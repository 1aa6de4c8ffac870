import { putAcl } from './internal/put-acl.js';
import type { Handler } from './internal/handler.js';

/** PutBucketAcl (`?acl`): see `putAcl` for what Strata accepts. */
export const putBucketAcl: Handler = async (c, deps) => {
  await putAcl(c, deps, 'bucket');
  return c.body(null, 200);
};
