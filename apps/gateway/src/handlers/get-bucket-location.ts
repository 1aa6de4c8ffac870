import { serializeLocationConstraint } from '@strata/s3-xml';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/** GetBucketLocation: empty for us-east-1, as AWS answers. */
export const getBucketLocation: Handler = async (c, deps) => {
  const bucket = await deps.layer.getBucket(bucketOf(c));
  return xml(c, serializeLocationConstraint(bucket.region));
};
