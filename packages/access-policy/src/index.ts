/**
 * `@strata/access-policy`: S3 bucket policies as AWS reads them. {@link parsePolicy} checks a
 * document as PutBucketPolicy does (S3's `MalformedPolicy` reasons) and compiles it once;
 * {@link evaluatePolicy} decides a request in microseconds (explicit deny, allow, or no
 * statement applies) with every IAM condition operator, set operators, `…IfExists` and policy
 * variables; {@link isPublicPolicy} applies S3's "meaning of public". A leaf package: no other
 * Strata package involved, no dependencies.
 *
 * @example
 * ```ts
 * import { evaluatePolicy, isPublicPolicy, parsePolicy } from '@strata/access-policy';
 *
 * const policy = parsePolicy(
 *   JSON.stringify({
 *     Version: '2012-10-17',
 *     Statement: [
 *       { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::photos/public/*' },
 *       {
 *         Effect: 'Deny',
 *         Principal: '*',
 *         Action: 's3:*',
 *         Resource: ['arn:aws:s3:::photos', 'arn:aws:s3:::photos/*'],
 *         Condition: { Bool: { 'aws:SecureTransport': 'false' } },
 *       },
 *     ],
 *   }),
 *   { bucket: 'photos' },
 * );
 * const context = (key: string) => (key === 'aws:securetransport' ? 'true' : undefined);
 * evaluatePolicy(policy, {
 *   principal: { type: 'anonymous' },
 *   action: 's3:GetObject',
 *   resource: 'arn:aws:s3:::photos/public/cat.jpg',
 *   context,
 * }); // 'allow'
 * isPublicPolicy(policy); // true
 * ```
 *
 * @module
 */
export { MalformedPolicyError, isMalformedPolicyError } from './malformed-policy-error.js';
export type { PolicyFaultLocation } from './malformed-policy-error.js';
export { MAX_POLICY_BYTES, POLICY_VERSIONS, parsePolicy } from './parse-policy.js';
export type { BucketPolicy, ParsePolicyOptions } from './parse-policy.js';
export { evaluatePolicy } from './evaluate-policy.js';
export type { PolicyDecision, PolicyPrincipal, PolicyRequest } from './policy-request.js';
export { isPublicPolicy } from './is-public-policy.js';
export { S3_ACTIONS } from './s3-actions.js';
export type { S3ActionResource } from './s3-actions.js';
export type {
  CompiledActions,
  CompiledCondition,
  CompiledPattern,
  CompiledPrincipals,
  CompiledStatement,
  ConditionSetOperator,
  ContextLookup,
} from './compiled-statement.js';
