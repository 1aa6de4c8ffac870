import { element, optionalElement, xmlDocument } from './internal/xml-writer.js';
import type { SseAlgorithm } from './parse-server-side-encryption-configuration.js';

/** A rule to render: `ServerSideEncryptionRuleXml`'s fields, read-only. */
export interface ServerSideEncryptionRuleInput {
  readonly sseAlgorithm: SseAlgorithm;
  readonly kmsMasterKeyId?: string | undefined;
  readonly bucketKeyEnabled?: boolean | undefined;
}

/**
 * Renders a GetBucketEncryption reply: the one `<Rule>` with its algorithm, its KMS key id and
 * `<BucketKeyEnabled>` only when they are set (nothing is filled in).
 *
 * @example
 * ```ts
 * serializeServerSideEncryptionConfiguration({ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'k1' });
 * ```
 */
export function serializeServerSideEncryptionConfiguration(
  rule: ServerSideEncryptionRuleInput,
): string {
  return xmlDocument(
    'ServerSideEncryptionConfiguration',
    '<Rule><ApplyServerSideEncryptionByDefault>' +
      element('SSEAlgorithm', rule.sseAlgorithm) +
      optionalElement('KMSMasterKeyID', rule.kmsMasterKeyId) +
      '</ApplyServerSideEncryptionByDefault>' +
      optionalElement('BucketKeyEnabled', rule.bucketKeyEnabled) +
      '</Rule>',
  );
}
