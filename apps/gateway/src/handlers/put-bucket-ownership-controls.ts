import { parseOwnershipControls } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { bucketOf, type Handler } from './internal/handler.js';

/**
 * PutBucketOwnershipControls: sets the bucket's object ownership. Strata keeps no ACL grants,
 * so `BucketOwnerEnforced` is never refused for a bucket ACL that grants others.
 */
export const putBucketOwnershipControls: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const ownership = parseOwnershipControls(await readVerifiedXml(c, deps, 'optional'));
  await deps.layer.putBucketOwnershipControls(bucket, ownership);
  deps.access.forget(bucket);
  return c.body(null, 200);
};
