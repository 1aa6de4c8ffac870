import { serializeObjectLockConfiguration } from '@strata/s3-xml';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/**
 * GetObjectLockConfiguration (`?object-lock`): `ObjectLockEnabled` and the default retention;
 * 404 ObjectLockConfigurationNotFoundError for a bucket without Object Lock.
 */
export const getObjectLockConfiguration: Handler = async (c, deps) => {
  const config = await deps.layer.getObjectLockConfiguration(bucketOf(c));
  return xml(c, serializeObjectLockConfiguration(config));
};
