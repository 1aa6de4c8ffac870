import { serializeVersioningConfiguration } from '@strata/s3-xml';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/**
 * GetBucketVersioning: `Enabled` or `Suspended`; an empty configuration for a bucket never
 * versioned.
 */
export const getBucketVersioning: Handler = async (c, deps) => {
  const bucket = await deps.layer.getBucket(bucketOf(c));
  return xml(
    c,
    serializeVersioningConfiguration(
      bucket.versioning === 'Unversioned' ? undefined : bucket.versioning,
    ),
  );
};
