import type { ObjectOwnership, PublicAccessBlock } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';

/** S3's canned ACLs (`x-amz-acl`). */
export const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
  'log-delivery-write',
] as const;

/** Canned ACLs that grant nothing beyond what the owner already has: true to Strata as it is. */
const OWNER_ONLY = new Set(['private', 'bucket-owner-full-control']);
/** Canned ACLs that grant the AllUsers or AuthenticatedUsers groups (AWS's "public" ACLs). */
const PUBLIC = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const GRANT_HEADERS = [
  'x-amz-grant-read',
  'x-amz-grant-write',
  'x-amz-grant-read-acp',
  'x-amz-grant-write-acp',
  'x-amz-grant-full-control',
] as const;

/** Whether a request names an ACL at all (`x-amz-acl` or any `x-amz-grant-*`). */
export function asksForAcl(read: (name: string) => string | undefined): boolean {
  return read('x-amz-acl') !== undefined || GRANT_HEADERS.some((name) => read(name) !== undefined);
}

/** What a write's ACL headers are checked against. */
export interface AclContext {
  /** The bucket's object ownership; absent for a bucket made before ownership controls. */
  readonly ownership: ObjectOwnership | undefined;
  readonly publicAccessBlock?: PublicAccessBlock | undefined;
  /** `'bucket'` for CreateBucket and PutBucketAcl (their refusal under BucketOwnerEnforced differs). */
  readonly resource: 'object' | 'bucket';
}

/**
 * Checks the ACL a write asks for (`x-amz-acl`, `x-amz-grant-*`, or a POST form's `acl`), so an
 * ACL is never silently dropped: Strata evaluates no ACL grants (access is the owner's rights
 * plus the bucket policy), so only an ACL granting nothing beyond the owner (`private`,
 * `bucket-owner-full-control`) is accepted. Anything else is what S3 answers under
 * `BucketOwnerEnforced` (ACLs disabled: 400 `AccessControlListNotSupported`, or
 * `InvalidBucketAclWithObjectOwnership` for a bucket's own ACL), 403 `AccessDenied` for a
 * public ACL under `BlockPublicAcls`, and otherwise 501 `NotImplemented` rather than an object
 * that looks shared and is not.
 *
 * @throws S3Error InvalidArgument (an unknown canned ACL, or a canned ACL with grants),
 *   AccessControlListNotSupported, InvalidBucketAclWithObjectOwnership, AccessDenied,
 *   NotImplemented.
 */
export function checkAclHeaders(
  read: (name: string) => string | undefined,
  context: AclContext,
): void {
  if (!asksForAcl(read)) return;
  const canned = read('x-amz-acl');
  const grants = GRANT_HEADERS.filter((name) => read(name) !== undefined);
  if (canned !== undefined && !(CANNED_ACLS as readonly string[]).includes(canned)) {
    throw new S3Error('InvalidArgument', {
      message: `Invalid canned ACL: ${canned}`,
      extra: { ArgumentName: 'x-amz-acl', ArgumentValue: canned },
    });
  }
  if (canned !== undefined && grants.length > 0) {
    throw new S3Error('InvalidRequest', {
      message: 'Specifying both Canned ACLs and Header Grants is not allowed',
    });
  }
  if (canned !== undefined && OWNER_ONLY.has(canned)) return;
  if (context.ownership === 'BucketOwnerEnforced') {
    throw new S3Error(
      context.resource === 'bucket'
        ? 'InvalidBucketAclWithObjectOwnership'
        : 'AccessControlListNotSupported',
    );
  }
  if (canned !== undefined && PUBLIC.has(canned) && context.publicAccessBlock?.blockPublicAcls) {
    throw new S3Error('AccessDenied', {
      message: 'Access Denied: public ACLs are blocked by the BlockPublicAcls setting.',
    });
  }
  throw new S3Error('NotImplemented', {
    message: `ACL grants are not supported (${canned ?? grants.join(', ')}): use a bucket policy.`,
  });
}
