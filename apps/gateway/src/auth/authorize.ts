import { S3Error } from '@strata/s3-xml';
import type { AccessControl, AccessScope } from './access-control.js';
import type { S3Permission } from './s3-permissions.js';

/** What a request reaches: its bucket, and the source bucket of a copy. */
export interface RequestBuckets {
  readonly bucket?: string | undefined;
  readonly copySourceBucket?: string | undefined;
}

function accessDenied(): S3Error {
  return new S3Error('AccessDenied', { message: 'Access Denied' });
}

/**
 * Checks that `scope` may use `permission` (the IAM action of the request's operation) on the
 * buckets it names, as S3 does for a bucket of another account: 403 AccessDenied for a bucket
 * outside a bucket key's list or owned by another tenant (a bucket that does not exist is left
 * to the operation, which answers NoSuchBucket). `s3:CreateBucket` needs a tenant key (a
 * bucket's own key cannot create buckets); `s3:ListAllMyBuckets` (ListBuckets) is filtered by
 * its handler instead.
 *
 * @throws S3Error AccessDenied
 */
export async function authorize(
  access: AccessControl,
  scope: AccessScope,
  permission: S3Permission,
  buckets: RequestBuckets,
): Promise<void> {
  if (permission === 's3:ListAllMyBuckets') return;
  if (scope.buckets === undefined && access.singleTenant) return;
  if (permission === 's3:CreateBucket' && scope.buckets !== undefined) throw accessDenied();
  for (const bucket of [buckets.bucket, buckets.copySourceBucket]) {
    if (bucket === undefined) continue;
    if (scope.buckets !== undefined && !scope.buckets.has(bucket)) throw accessDenied();
    // CreateBucket of a taken name answers BucketAlreadyExists, not AccessDenied (as S3 does).
    if (permission === 's3:CreateBucket') continue;
    const owner = await access.bucketOwner(bucket);
    if (owner !== undefined && owner !== scope.owner) throw accessDenied();
  }
}

/** Whether a bucket belongs in `scope`'s ListBuckets. */
export function isListed(scope: AccessScope, bucket: { name: string; owner: string }): boolean {
  if (scope.buckets !== undefined) return scope.buckets.has(bucket.name);
  return bucket.owner === scope.owner;
}
