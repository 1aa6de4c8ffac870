import { parseVersioningConfiguration } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { bucketOf, type Handler } from './internal/handler.js';

/**
 * PutBucketVersioning (`?versioning`): `Enabled` or `Suspended`. `Content-MD5` and
 * `x-amz-checksum-*` are verified when sent; MFA delete is refused (501).
 */
export const putBucketVersioning: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const xml = await readVerifiedXml(c, deps, 'optional');
  await deps.layer.putBucketVersioning(bucket, parseVersioningConfiguration(xml));
  // Reads name the null version `null` once versioning was configured (the cached lookup).
  deps.access.forget(bucket);
  return c.body(null, 200);
};
