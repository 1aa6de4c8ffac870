import {
  assertContainer,
  leafText,
  malformedXml,
  optionalChild,
  parseXmlDocument,
  trimXml,
  type XmlElement,
} from './internal/parse-xml-document.js';

/**
 * A PutPublicAccessBlock body, as sent (S3's `PublicAccessBlockConfiguration`), or a bucket's
 * stored configuration for GetPublicAccessBlock. Each switch is off unless set.
 */
export interface PublicAccessBlockConfigurationXml {
  /** `BlockPublicAcls`: refuse requests that would set a public ACL. */
  blockPublicAcls: boolean;
  /** `IgnorePublicAcls`: ignore public ACLs when authorizing. */
  ignorePublicAcls: boolean;
  /** `BlockPublicPolicy`: refuse a bucket policy that grants public access. */
  blockPublicPolicy: boolean;
  /** `RestrictPublicBuckets`: with a public policy, let only the bucket owner's account in. */
  restrictPublicBuckets: boolean;
}

/**
 * The value of the one child `name`: absent is `false`, as S3 treats an element left out.
 * The type is `Boolean` in the S3 API reference, and an XML boolean's lexical forms are `true`,
 * `false`, `1` and `0` (XML Schema Part 2, §3.2.2), case-sensitive. `TRUE` in the reference's
 * prose is emphasis, not a value: the SDKs write `true`/`false`.
 */
function switchValue(root: XmlElement, name: string): boolean {
  const el = optionalChild(root, name);
  if (el === undefined) return false;
  switch (trimXml(leafText(el))) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      throw malformedXml(`<${name}> is not a boolean`);
  }
}

/**
 * Parses a PutPublicAccessBlock body (`<PublicAccessBlockConfiguration><BlockPublicAcls/>?
 * <IgnorePublicAcls/>? <BlockPublicPolicy/>? <RestrictPublicBuckets/>?
 * </PublicAccessBlockConfiguration>`). Every element is optional and an absent one is `false`
 * (the reference marks each `Required: No`), so an empty configuration turns every switch off.
 * Values are trimmed of XML whitespace and must be `true`, `false`, `1` or `0`, compared
 * case-sensitively (the lexical forms of an XML Schema boolean); anything else, `TRUE` included,
 * is a document that does not validate. Other elements are ignored.
 *
 * @param xml The body, already read by the caller under a size cap.
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root, a repeated element,
 *   an element with child elements, or a value that is not a boolean.
 * @example
 * ```ts
 * parsePublicAccessBlockConfiguration(
 *   '<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
 *     '<BlockPublicAcls>true</BlockPublicAcls></PublicAccessBlockConfiguration>',
 * );
 * // { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: false,
 * //   restrictPublicBuckets: false }
 * ```
 */
export function parsePublicAccessBlockConfiguration(
  xml: string,
): PublicAccessBlockConfigurationXml {
  const root = parseXmlDocument(xml, 'PublicAccessBlockConfiguration');
  assertContainer(root);
  return {
    blockPublicAcls: switchValue(root, 'BlockPublicAcls'),
    ignorePublicAcls: switchValue(root, 'IgnorePublicAcls'),
    blockPublicPolicy: switchValue(root, 'BlockPublicPolicy'),
    restrictPublicBuckets: switchValue(root, 'RestrictPublicBuckets'),
  };
}
