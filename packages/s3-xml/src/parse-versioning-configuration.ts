import {
  assertContainer,
  leafText,
  malformedXml,
  optionalChild,
  parseXmlDocument,
  trimXml,
  type XmlElement,
} from './internal/parse-xml-document.js';
import {
  VERSIONING_STATUSES,
  type VersioningStatus,
} from './serialize-versioning-configuration.js';

/** The `MfaDelete` values S3 accepts in a versioning configuration. */
export const MFA_DELETE_STATUSES = ['Enabled', 'Disabled'] as const;
/** One of {@link MFA_DELETE_STATUSES}. */
export type MfaDeleteStatus = (typeof MFA_DELETE_STATUSES)[number];

/** A PutBucketVersioning body, as sent (S3's `VersioningConfiguration`). */
export interface VersioningConfigurationXml {
  /** `Status`, when sent. */
  status?: VersioningStatus;
  /** `MfaDelete`, when sent. */
  mfaDelete?: MfaDeleteStatus;
}

/** The trimmed text of the one child `name`, if any, checked against `allowed`. */
function optionalValue<T extends string>(
  root: XmlElement,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const el = optionalChild(root, name);
  if (el === undefined) return undefined;
  const value = trimXml(leafText(el));
  if (!(allowed as readonly string[]).includes(value)) {
    throw malformedXml(`<${name}> is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * Parses a PutBucketVersioning body (`<VersioningConfiguration><Status/>?<MfaDelete/>?
 * </VersioningConfiguration>`). Both elements are optional, so an empty configuration parses
 * to `{}`; whether that is acceptable is the caller's decision. Values are trimmed of XML
 * whitespace and compared case-sensitively; a value S3's schema does not allow is a document
 * that does not validate (`MalformedXML`, as S3 answers). Other elements are ignored.
 *
 * @param xml The body, already read by the caller under a size cap.
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root, a repeated
 *   `<Status>` or `<MfaDelete>`, a `<Status>` other than `Enabled` or `Suspended`, or an
 *   `<MfaDelete>` other than `Enabled` or `Disabled`.
 * @example
 * ```ts
 * parseVersioningConfiguration(
 *   '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
 *     '<Status>Enabled</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>',
 * ); // { status: 'Enabled', mfaDelete: 'Disabled' }
 * ```
 */
export function parseVersioningConfiguration(xml: string): VersioningConfigurationXml {
  const root = parseXmlDocument(xml, 'VersioningConfiguration');
  assertContainer(root);
  const out: VersioningConfigurationXml = {};
  const status = optionalValue(root, 'Status', VERSIONING_STATUSES);
  if (status !== undefined) out.status = status;
  const mfaDelete = optionalValue(root, 'MfaDelete', MFA_DELETE_STATUSES);
  if (mfaDelete !== undefined) out.mfaDelete = mfaDelete;
  return out;
}
