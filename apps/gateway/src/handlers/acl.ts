import { serializeAccessControlPolicy } from '@strata/s3-xml';
import { bucketOf, objectOf, xml, type Handler } from './handler.js';

const OWNER_NAME = 'strata';

/** GetBucketAcl: the owner holds FULL_CONTROL (Strata has no ACL grants). */
export const getBucketAcl: Handler = async (c, deps) => {
  const bucket = await deps.layer.getBucket(bucketOf(c));
  return xml(c, serializeAccessControlPolicy({ id: bucket.owner, displayName: OWNER_NAME }));
};

/** GetObjectAcl: the bucket owner holds FULL_CONTROL of every object. */
export const getObjectAcl: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const owner = (await deps.layer.getBucket(bucket)).owner;
  await deps.layer.headObject({ bucket, key });
  return xml(c, serializeAccessControlPolicy({ id: owner, displayName: OWNER_NAME }));
};
