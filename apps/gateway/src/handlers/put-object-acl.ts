import { putAcl } from './internal/put-acl.js';
import { objectOf, type Handler } from './internal/handler.js';

/**
 * PutObjectAcl (`?acl`, with `versionId`): see `putAcl` for what Strata accepts. The object must
 * exist (NoSuchKey / NoSuchVersion otherwise).
 */
export const putObjectAcl: Handler = async (c, deps) => {
  await putAcl(c, deps, 'object');
  const { bucket, key } = objectOf(c);
  // Its tags are read for the answer S3 gives a missing key or version, without the customer key
  // an SSE-C object would need for a HEAD.
  await deps.layer.getObjectTagging({
    bucket,
    key,
    versionId: c.get('target').query.get('versionId') ?? undefined,
  });
  return c.body(null, 200);
};
