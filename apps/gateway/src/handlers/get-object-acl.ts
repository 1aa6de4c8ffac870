import { serializeAccessControlPolicy } from '@strata/s3-xml';
import { objectOf, xml, type Handler } from './internal/handler.js';
import { ownerOf } from './internal/owner.js';

/**
 * GetObjectAcl (with `versionId`): the bucket owner holds FULL_CONTROL of every object, as S3
 * answers under `BucketOwnerEnforced`; Strata keeps no other grants.
 */
export const getObjectAcl: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const owner = (await deps.layer.getBucket(bucket)).owner;
  // The version's tags are read for S3's answer to a missing key or version, without the
  // customer key an SSE-C object would need for a HEAD.
  await deps.layer.getObjectTagging({
    bucket,
    key,
    versionId: c.get('target').query.get('versionId') ?? undefined,
  });
  return xml(c, serializeAccessControlPolicy(ownerOf(owner)));
};
