import { serializeOwnershipControls } from '@strata/s3-xml';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/**
 * GetBucketOwnershipControls (`?ownershipControls`): the bucket's object ownership;
 * OwnershipControlsNotFoundError for a bucket that has none (made before Strata kept them).
 */
export const getBucketOwnershipControls: Handler = async (c, deps) =>
  xml(c, serializeOwnershipControls(await deps.layer.getBucketOwnershipControls(bucketOf(c))));
