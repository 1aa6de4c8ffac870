import {
  allowedValue,
  assertContainer,
  parseXmlDocument,
  requiredChild,
} from './internal/parse-xml-document.js';

/**
 * S3's `ObjectOwnership` values. `@strata/metastore-core` spells the same list for what it
 * stores: the two packages share no dependency.
 */
export const OBJECT_OWNERSHIP_VALUES = [
  'BucketOwnerEnforced',
  'BucketOwnerPreferred',
  'ObjectWriter',
] as const;
/** One of {@link OBJECT_OWNERSHIP_VALUES}. */
export type ObjectOwnershipValue = (typeof OBJECT_OWNERSHIP_VALUES)[number];

/**
 * Parses a PutBucketOwnershipControls body (`<OwnershipControls><Rule><ObjectOwnership>
 * BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>`): exactly one rule, its value
 * trimmed of XML whitespace and compared case-sensitively. Other elements are ignored.
 *
 * @param xml The body, already read by the caller under a size cap.
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root, no `<Rule>` or more
 *   than one, no `<ObjectOwnership>` or more than one, or a value S3 does not have.
 * @example
 * ```ts
 * parseOwnershipControls(
 *   '<OwnershipControls><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></OwnershipControls>',
 * ); // 'ObjectWriter'
 * ```
 */
export function parseOwnershipControls(xml: string): ObjectOwnershipValue {
  const root = parseXmlDocument(xml, 'OwnershipControls');
  assertContainer(root);
  const rule = requiredChild(root, 'Rule');
  assertContainer(rule);
  return allowedValue(requiredChild(rule, 'ObjectOwnership'), OBJECT_OWNERSHIP_VALUES);
}
