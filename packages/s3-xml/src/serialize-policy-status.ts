import { element, xmlDocument } from './internal/xml-writer.js';

/** What a GetBucketPolicyStatus reply says (S3's `PolicyStatus`). */
export interface PolicyStatusInput {
  /** Whether the bucket's policy makes it public (`IsPublic`). */
  readonly isPublic: boolean;
}

/**
 * Renders a GetBucketPolicyStatus reply: `<PolicyStatus><IsPublic>true|false</IsPublic>`. A
 * bucket without a policy has nothing to render (the caller answers `NoSuchBucketPolicy`).
 *
 * @example
 * ```ts
 * serializePolicyStatus({ isPublic: false });
 * ```
 */
export function serializePolicyStatus(status: PolicyStatusInput): string {
  return xmlDocument('PolicyStatus', element('IsPublic', status.isPublic));
}
