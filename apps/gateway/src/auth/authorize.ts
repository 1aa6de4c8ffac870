import { evaluatePolicy, type PolicyDecision } from '@strata/access-policy';
import { S3Error } from '@strata/s3-xml';
import {
  isAnonymous,
  principalOf,
  type AccessControl,
  type AccessScope,
  type BucketAccess,
} from './access-control.js';

/** One permission a request needs: an IAM action on a bucket, or on one of its objects. */
export interface AccessCheck {
  /** The IAM action (`s3:GetObjectVersion`). */
  readonly action: string;
  /** Absent for the account-level actions (`s3:ListAllMyBuckets`, `s3:CreateBucket` of no bucket). */
  readonly bucket?: string | undefined;
  /** Present for an object-level action: the resource is `arn:aws:s3:::bucket/key`. */
  readonly key?: string | undefined;
  /** The version the action names (`s3:ExistingObjectTag` conditions read that version's tags). */
  readonly versionId?: string | undefined;
}

/** A request's condition keys, lower-cased (`aws:sourceip`); `undefined` when absent. */
export type ConditionContext = (key: string) => string | readonly string[] | undefined;

/** What {@link authorize} evaluates. */
export interface AuthorizeRequest {
  readonly checks: readonly AccessCheck[];
  readonly context: ConditionContext;
  /**
   * The tags of the object a check names (`undefined`: no such object), asked only when the
   * bucket's policy reads an `s3:ExistingObjectTag/<key>` condition.
   */
  readonly existingTags?: (
    check: AccessCheck,
  ) => Promise<Readonly<Record<string, string>> | undefined>;
}

/** Actions the owning account's tenant keys keep however a policy denies them (lock-out protection). */
const POLICY_ACTIONS = new Set([
  's3:getbucketpolicy',
  's3:putbucketpolicy',
  's3:deletebucketpolicy',
]);

const EXISTING_TAG = 's3:existingobjecttag/';

function accessDenied(): S3Error {
  return new S3Error('AccessDenied', { message: 'Access Denied' });
}

/**
 * Decides each check as AWS's policy evaluation logic does for a bucket policy and the caller's
 * own rights (a tenant key may do anything its account may; a bucket key only on its buckets):
 * an explicit deny in the bucket policy refuses; otherwise, in the bucket owner's account,
 * either the key's own rights or a policy allow suffices; from another account (or anonymous)
 * the policy must allow, and with `RestrictPublicBuckets` set on a bucket whose policy is public
 * such an allow does not count. A bucket that does not exist is left to the operation (which
 * answers NoSuchBucket), as on S3. The owning tenant's keys can always read, replace and delete
 * the policy, so no policy can lock its owner out.
 *
 * @throws S3Error AccessDenied
 */
export async function authorize(
  access: AccessControl,
  scope: AccessScope,
  request: AuthorizeRequest,
): Promise<void> {
  for (const check of request.checks) {
    if (!(await allows(access, scope, request, check))) throw accessDenied();
  }
}

async function allows(
  access: AccessControl,
  scope: AccessScope,
  request: AuthorizeRequest,
  check: AccessCheck,
): Promise<boolean> {
  const anonymous = isAnonymous(scope);
  if (check.bucket === undefined) return !anonymous;
  if (check.action === 's3:CreateBucket') return !anonymous && scope.buckets === undefined;
  const ownKey = !anonymous && (scope.buckets === undefined || scope.buckets.has(check.bucket));
  let bucket: BucketAccess | undefined;
  try {
    bucket = await access.bucketAccess(check.bucket);
  } catch (error) {
    // Metastore down and nothing cached: one tenant owns every bucket, so its keys read on
    // (degraded reads); the policy cannot be read, so nobody else does.
    if (access.singleTenant && ownKey) return true;
    throw error;
  }
  if (bucket === undefined) return true;
  const sameAccount = !anonymous && bucket.owner === scope.owner;
  const decision = await decide(bucket, scope, request, check);
  if (decision === 'deny') {
    return (
      sameAccount && scope.buckets === undefined && POLICY_ACTIONS.has(check.action.toLowerCase())
    );
  }
  const policyAllows =
    decision === 'allow' &&
    (sameAccount || !(bucket.publicAccessBlock?.restrictPublicBuckets && bucket.publicPolicy));
  if (sameAccount) return ownKey || policyAllows;
  return policyAllows && (anonymous || ownKey);
}

async function decide(
  bucket: BucketAccess,
  scope: AccessScope,
  request: AuthorizeRequest,
  check: AccessCheck,
): Promise<PolicyDecision> {
  const policy = bucket.policy;
  if (policy === undefined || policy === 'invalid') return 'none';
  let context = request.context;
  if (check.key !== undefined && request.existingTags && readsExistingTags(policy.conditionKeys)) {
    // Condition key names are case-insensitive, so the tag key in one arrives lower-cased.
    const tags = new Map(
      Object.entries((await request.existingTags(check)) ?? {}).map(([k, v]) => [
        k.toLowerCase(),
        v,
      ]),
    );
    const base = request.context;
    context = (key) =>
      key.startsWith(EXISTING_TAG) ? tags.get(key.slice(EXISTING_TAG.length)) : base(key);
  }
  return evaluatePolicy(policy, {
    principal: principalOf(scope),
    action: check.action,
    resource:
      check.key === undefined
        ? `arn:aws:s3:::${check.bucket}`
        : `arn:aws:s3:::${check.bucket}/${check.key}`,
    context,
  });
}

function readsExistingTags(keys: ReadonlySet<string>): boolean {
  for (const key of keys) if (key.startsWith(EXISTING_TAG)) return true;
  return false;
}

/** Whether a bucket belongs in `scope`'s ListBuckets. */
export function isListed(scope: AccessScope, bucket: { name: string; owner: string }): boolean {
  if (scope.buckets !== undefined) return scope.buckets.has(bucket.name);
  return bucket.owner === scope.owner;
}
