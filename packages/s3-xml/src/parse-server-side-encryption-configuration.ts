import {
  assertContainer,
  childrenNamed,
  leafText,
  malformedXml,
  optionalChild,
  parseXmlDocument,
  trimXml,
} from './internal/parse-xml-document.js';

/** The `SSEAlgorithm` values S3 accepts in a bucket's default encryption rule. */
export const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const;
/** One of {@link SSE_ALGORITHMS}. */
export type SseAlgorithm = (typeof SSE_ALGORITHMS)[number];

/** The one rule of a default encryption configuration, as sent (S3's `ServerSideEncryptionRule`). */
export interface ServerSideEncryptionRuleXml {
  /** `ApplyServerSideEncryptionByDefault/SSEAlgorithm`. */
  sseAlgorithm: SseAlgorithm;
  /** `ApplyServerSideEncryptionByDefault/KMSMasterKeyID`, when sent. */
  kmsMasterKeyId?: string;
  /** `BucketKeyEnabled`, when sent. */
  bucketKeyEnabled?: boolean;
}

const isSseAlgorithm = (value: string): value is SseAlgorithm =>
  (SSE_ALGORITHMS as readonly string[]).includes(value);

/**
 * Parses a PutBucketEncryption body (`<ServerSideEncryptionConfiguration><Rule>
 * <ApplyServerSideEncryptionByDefault><SSEAlgorithm/><KMSMasterKeyID/>?
 * </ApplyServerSideEncryptionByDefault><BucketKeyEnabled/>?</Rule></ServerSideEncryptionConfiguration>`).
 * S3 takes exactly one rule, and refuses an algorithm outside {@link SSE_ALGORITHMS} as a
 * document that does not match its schema (`MalformedXML`, not `InvalidArgument`). Values are
 * trimmed of XML whitespace; whether they fit together (a KMS key with `AES256`) is the caller's
 * decision. Other elements of the rule are ignored.
 *
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root, no `<Rule>` or more
 *   than one, a rule without `<ApplyServerSideEncryptionByDefault>` or `<SSEAlgorithm>`, an
 *   unknown algorithm, or a `<BucketKeyEnabled>` other than `true` or `false`.
 * @example
 * ```ts
 * parseServerSideEncryptionConfiguration(
 *   '<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>' +
 *     '<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>' +
 *     '</ServerSideEncryptionConfiguration>',
 * ); // { sseAlgorithm: 'AES256' }
 * ```
 */
export function parseServerSideEncryptionConfiguration(xml: string): ServerSideEncryptionRuleXml {
  const root = parseXmlDocument(xml, 'ServerSideEncryptionConfiguration');
  assertContainer(root);
  const [rule, ...more] = childrenNamed(root, 'Rule');
  if (rule === undefined || more.length > 0) throw malformedXml('not exactly one <Rule>');
  assertContainer(rule);
  const byDefault = optionalChild(rule, 'ApplyServerSideEncryptionByDefault');
  if (byDefault === undefined) throw malformedXml('no <ApplyServerSideEncryptionByDefault>');
  assertContainer(byDefault);
  const algorithm = optionalChild(byDefault, 'SSEAlgorithm');
  if (algorithm === undefined) throw malformedXml('no <SSEAlgorithm>');
  const sseAlgorithm = trimXml(leafText(algorithm));
  if (!isSseAlgorithm(sseAlgorithm)) throw malformedXml(`unknown SSEAlgorithm ${sseAlgorithm}`);
  const out: ServerSideEncryptionRuleXml = { sseAlgorithm };
  const keyId = optionalChild(byDefault, 'KMSMasterKeyID');
  if (keyId !== undefined) out.kmsMasterKeyId = trimXml(leafText(keyId));
  const bucketKey = optionalChild(rule, 'BucketKeyEnabled');
  if (bucketKey !== undefined) {
    const text = trimXml(leafText(bucketKey));
    if (text !== 'true' && text !== 'false') throw malformedXml('<BucketKeyEnabled> not a boolean');
    out.bucketKeyEnabled = text === 'true';
  }
  return out;
}
