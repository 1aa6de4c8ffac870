import { serializeLifecycleConfiguration } from '@strata/s3-xml';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/**
 * GetBucketLifecycleConfiguration (`?lifecycle`): the bucket's rules, in the shape they were put
 * in (with the ids S3 assigned); NoSuchLifecycleConfiguration when it has none.
 */
export const getBucketLifecycleConfiguration: Handler = async (c, deps) => {
  const rules = await deps.layer.getBucketLifecycle(bucketOf(c));
  c.header('x-amz-transition-default-minimum-object-size', 'all_storage_classes_128K');
  return xml(c, serializeLifecycleConfiguration(rules));
};
