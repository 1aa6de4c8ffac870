import { S3Error, type S3ErrorCode } from '@strata/s3-xml';
import { bucketOf, type Handler } from './handler.js';

/**
 * The handler of a GET of a bucket sub-resource Strata keeps no configuration for: NoSuchBucket
 * first, then `code`, the "not configured" error AWS answers for a bucket that has none.
 * Clients probe these (s3cmd `info`, terraform, SDK helpers) and handle these errors; a 501
 * would read as a broken server.
 */
export function notConfigured(code: S3ErrorCode): Handler {
  return async (c, deps) => {
    const bucket = await deps.layer.getBucket(bucketOf(c));
    throw new S3Error(code, { extra: { BucketName: bucket.name } });
  };
}
