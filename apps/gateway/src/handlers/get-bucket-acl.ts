import { serializeAccessControlPolicy } from '@strata/s3-xml';
import { bucketOf, xml, type Handler } from './internal/handler.js';
import { ownerOf } from './internal/owner.js';

/** GetBucketAcl: the owner holds FULL_CONTROL (Strata has no ACL grants). */
export const getBucketAcl: Handler = async (c, deps) => {
  const bucket = await deps.layer.getBucket(bucketOf(c));
  return xml(c, serializeAccessControlPolicy(ownerOf(bucket.owner)));
};
