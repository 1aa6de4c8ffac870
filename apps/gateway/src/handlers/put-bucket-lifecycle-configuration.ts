import { parseLifecycleConfiguration } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { bucketOf, type Handler } from './internal/handler.js';

/**
 * PutBucketLifecycleConfiguration (`?lifecycle`): replaces the bucket's lifecycle rules, checked
 * as S3 checks them (a transition is refused with 501: storage classes are not mapped to
 * backends). S3 requires an integrity check on this request, verified before anything changes.
 * The lifecycle worker applies the rules from its next pass.
 */
export const putBucketLifecycleConfiguration: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const xml = await readVerifiedXml(c, deps, 'required');
  await deps.layer.putBucketLifecycle(bucket, parseLifecycleConfiguration(xml));
  // `x-amz-expiration` reads the rules from the bucket cache: this instance sees them at once.
  deps.access.forget(bucket);
  // Newer SDKs read it; S3 answers with its default, which Strata's storage classes do not change.
  c.header('x-amz-transition-default-minimum-object-size', 'all_storage_classes_128K');
  return c.body(null, 200);
};
