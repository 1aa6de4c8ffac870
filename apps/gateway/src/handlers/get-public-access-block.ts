import { serializePublicAccessBlockConfiguration } from '@strata/s3-xml';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/**
 * GetPublicAccessBlock: the bucket's four switches; NoSuchPublicAccessBlockConfiguration when it
 * has none (a bucket made before Strata gave new buckets one, or after DeletePublicAccessBlock).
 */
export const getPublicAccessBlock: Handler = async (c, deps) =>
  xml(
    c,
    serializePublicAccessBlockConfiguration(await deps.layer.getPublicAccessBlock(bucketOf(c))),
  );
