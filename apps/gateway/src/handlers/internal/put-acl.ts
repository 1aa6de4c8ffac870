import { S3Error } from '@strata/s3-xml';
import type { Context } from 'hono';
import type { GatewayDeps } from '../../deps.js';
import type { GatewayEnv } from '../../env.js';
import { asksForAcl, checkAclHeaders } from '../../http/acl-headers.js';
import { readXmlBody } from './xml-body.js';
import { bucketOf } from './handler.js';

/**
 * PutBucketAcl and PutObjectAcl: under `BucketOwnerEnforced` (ACLs disabled) 400
 * `AccessControlListNotSupported`, as S3; otherwise a canned ACL granting nothing beyond the
 * owner (`private`, `bucket-owner-full-control`) is accepted, being what Strata already does,
 * and anything else (grants, public ACLs, an `AccessControlPolicy` document) is 501: Strata
 * evaluates no ACL grants, and must not store one it would ignore.
 *
 * @throws S3Error AccessControlListNotSupported, NotImplemented, AccessDenied, InvalidArgument.
 */
export async function putAcl(
  c: Context<GatewayEnv>,
  deps: GatewayDeps,
  resource: 'bucket' | 'object',
): Promise<void> {
  const bucket = bucketOf(c);
  // Not cached (it may have just been created): the metastore's row, or NoSuchBucket.
  const found = (await deps.access.bucketAccess(bucket)) ?? (await deps.layer.getBucket(bucket));
  if (found.ownership === 'BucketOwnerEnforced') throw new S3Error('AccessControlListNotSupported');
  const body = await readXmlBody(c, deps);
  const read = (name: string) => c.req.header(name);
  if (body.length > 0 || !asksForAcl(read)) {
    throw new S3Error('NotImplemented', {
      message: 'ACL documents are not supported: use a canned ACL of private, or a bucket policy.',
    });
  }
  checkAclHeaders(read, {
    ownership: found.ownership,
    publicAccessBlock: found.publicAccessBlock,
    resource,
  });
}
