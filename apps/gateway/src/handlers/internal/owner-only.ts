import { S3Error } from '@strata/s3-xml';
import type { Context } from 'hono';
import type { GatewayDeps } from '../../deps.js';
import type { GatewayEnv } from '../../env.js';
import { bucketOf } from './handler.js';

/**
 * The request's bucket, once it is sure the caller is of the bucket owner's account: S3 answers
 * a bucket policy request from any other account, even one a policy lets in, with 405
 * MethodNotAllowed, so a policy can never hand control of itself to someone else. A bucket that
 * does not exist is left to the operation (NoSuchBucket).
 *
 * @throws S3Error MethodNotAllowed
 */
export async function ownersBucket(c: Context<GatewayEnv>, deps: GatewayDeps): Promise<string> {
  const bucket = bucketOf(c);
  const owner = await deps.access.bucketOwner(bucket);
  if (owner !== undefined && owner !== c.get('scope').owner) {
    throw new S3Error('MethodNotAllowed', {
      extra: { Method: c.req.method, ResourceType: 'BUCKETPOLICY' },
    });
  }
  return bucket;
}
