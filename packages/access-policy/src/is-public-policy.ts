import type { CompiledCondition, CompiledStatement } from './compiled-statement.js';
import { parseCidr } from './internal/ip-address.js';
import type { BucketPolicy } from './parse-policy.js';

// Keys whose fixed value confines a grant to known callers or networks (S3 User Guide, "The
// meaning of 'public'"; aws:PrincipalAccount, aws:PrincipalArn and aws:PrincipalOrgID fix
// the principal as a fixed `Principal` would).
const FIXING_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:userid',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
]);

const FIXING_OPERATORS = new Set([
  'StringEquals',
  'StringEqualsIgnoreCase',
  'StringLike',
  'ArnEquals',
  'ArnLike',
]);

/**
 * "Bucket policies that grant access conditioned on the aws:SourceIp condition key with very
 * broad IP ranges (for example, 0.0.0.0/1) are evaluated as 'public.' This includes values
 * broader than /8 for IPv4 and /32 for IPv6" (S3 User Guide, Block Public Access).
 */
function isNarrowBlock(value: string): boolean {
  const cidr = parseCidr(value);
  if (cidr === undefined) return false;
  return cidr.ipv4 ? cidr.prefix - 96 >= 8 : cidr.prefix >= 32;
}

/**
 * Whether `condition` confines the statement to fixed values of a key S3 accepts: a
 * non-negated operator whose values hold no wildcard and no policy variable. A condition that
 * a request without the key satisfies (`…IfExists`, `ForAllValues:`) confines nothing.
 */
function confines(condition: CompiledCondition): boolean {
  if (condition.ifExists || condition.set === 'ForAllValues' || condition.negated) return false;
  if (condition.key === 'aws:sourceip') {
    return condition.base === 'IpAddress' && condition.values.every(isNarrowBlock);
  }
  return FIXING_KEYS.has(condition.key) && FIXING_OPERATORS.has(condition.base) && condition.fixed;
}

/** Whether `statement` grants access to anyone: an Allow to `*` or through `NotPrincipal`. */
function isPublicStatement(statement: CompiledStatement): boolean {
  if (statement.effect !== 'Allow') return false;
  if (!statement.notPrincipal && !statement.principals.everyone) return false;
  return !statement.conditions.some(confines);
}

/**
 * Whether a bucket policy is public as S3 judges it ("The meaning of 'public'", S3 User
 * Guide): S3 assumes a policy is public unless every grant is to fixed values, so a policy is
 * public when an Allow statement names every principal (`"*"`, `{"AWS": "*"}`, or
 * `NotPrincipal`) and none of its conditions pins a fixed value of `aws:SourceIp` (a block no
 * broader than /8 for IPv4, /32 for IPv6), `aws:SourceArn`, `aws:SourceVpc`,
 * `aws:SourceVpce`, `aws:SourceOwner`, `aws:SourceAccount`, `aws:PrincipalAccount`,
 * `aws:PrincipalArn`, `aws:PrincipalOrgID`, `aws:userid`, `s3:DataAccessPointArn`,
 * `s3:DataAccessPointAccount` or `s3:x-amz-server-side-encryption-aws-kms-key-id`.
 * What GetBucketPolicyStatus reports as `IsPublic`, what BlockPublicPolicy refuses and what
 * RestrictPublicBuckets restricts.
 *
 * @example
 * ```ts
 * isPublicPolicy(parsePolicy(publicReadPolicy, { bucket: 'photos' })); // true
 * ```
 */
export function isPublicPolicy(policy: BucketPolicy): boolean {
  return policy.statements.some(isPublicStatement);
}
