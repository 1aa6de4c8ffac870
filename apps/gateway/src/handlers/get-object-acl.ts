import { serializeAccessControlPolicy } from '@strata/s3-xml';
import { objectOf, xml, type Handler } from './internal/handler.js';
import { ownerOf } from './internal/owner.js';

/** GetObjectAcl: the bucket owner holds FULL_CONTROL of every object. */
export const getObjectAcl: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const owner = (await deps.layer.getBucket(bucket)).owner;
  await deps.layer.headObject({ bucket, key });
  return xml(c, serializeAccessControlPolicy(ownerOf(owner)));
};
