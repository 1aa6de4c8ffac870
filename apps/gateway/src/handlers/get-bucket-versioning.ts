import { serializeVersioningConfiguration } from '@strata/s3-xml';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/** GetBucketVersioning: buckets are never versioned yet, so the configuration is empty. */
export const getBucketVersioning: Handler = async (c, deps) => {
  const bucket = await deps.layer.getBucket(bucketOf(c));
  return xml(
    c,
    serializeVersioningConfiguration(
      bucket.versioning === 'Unversioned' ? undefined : bucket.versioning,
    ),
  );
};
