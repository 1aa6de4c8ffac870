import { serializePolicyStatus } from '@strata/s3-xml';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/**
 * GetBucketPolicyStatus (`?policyStatus`): whether the bucket's policy makes it public, as AWS's
 * "meaning of public" defines it; NoSuchBucketPolicy without one.
 */
export const getBucketPolicyStatus: Handler = async (c, deps) =>
  xml(c, serializePolicyStatus(await deps.layer.getBucketPolicyStatus(bucketOf(c))));
