import { escapeXml } from './escape-xml.js';
import { S3_NAMESPACE, XML_DECLARATION, xmlDocument } from './internal/xml-writer.js';

/**
 * Renders a GetBucketLocation reply: an empty `<LocationConstraint/>` for `us-east-1` (or no
 * region), the region name otherwise, as S3 does for legacy reasons.
 *
 * @example
 * ```ts
 * serializeLocationConstraint('eu-west-1');
 * // <?xml …?>\n<LocationConstraint xmlns="…">eu-west-1</LocationConstraint>
 * ```
 */
export function serializeLocationConstraint(region: string | undefined): string {
  if (region === undefined || region === '' || region === 'us-east-1') {
    return `${XML_DECLARATION}<LocationConstraint xmlns="${S3_NAMESPACE}"/>`;
  }
  return xmlDocument('LocationConstraint', escapeXml(region));
}
