import { readVerifiedXml } from './internal/xml-body.js';
import { ownersBucket } from './internal/owner-only.js';
import type { Handler } from './internal/handler.js';

/**
 * PutBucketPolicy: validates the JSON document (MalformedPolicy saying what is wrong, 20 KB at
 * most, its resources in this bucket), refuses a public one under `BlockPublicPolicy` (403), and
 * stores it as sent. Only the bucket owner's account may (405 for any other). Takes effect on
 * this instance at once, on others within the access cache's 30 s.
 */
export const putBucketPolicy: Handler = async (c, deps) => {
  const bucket = await ownersBucket(c, deps);
  const document = await readVerifiedXml(c, deps, 'optional');
  await deps.layer.putBucketPolicy(bucket, document);
  deps.access.forget(bucket);
  return c.body(null, 204);
};
