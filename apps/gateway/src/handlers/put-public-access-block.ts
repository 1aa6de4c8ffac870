import { parsePublicAccessBlockConfiguration } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { bucketOf, type Handler } from './internal/handler.js';

/**
 * PutPublicAccessBlock (`?publicAccessBlock`): replaces the bucket's four switches (an element
 * left out is off, as on S3). Takes effect on this instance at once.
 */
export const putPublicAccessBlock: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const block = parsePublicAccessBlockConfiguration(await readVerifiedXml(c, deps, 'optional'));
  await deps.layer.putPublicAccessBlock(bucket, block);
  deps.access.forget(bucket);
  return c.body(null, 200);
};
