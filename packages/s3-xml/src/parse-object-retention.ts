import { parseTimestamp } from './parse-timestamp.js';
import {
  allowedValue,
  assertContainer,
  leafText,
  malformedXml,
  optionalChild,
  parseXmlDocument,
  trimXml,
} from './internal/parse-xml-document.js';
import { OBJECT_LOCK_MODES, type ObjectLockMode } from './parse-object-lock-configuration.js';

/** A PutObjectRetention body, as sent (S3's `ObjectLockRetention`): both fields or neither. */
export interface ObjectRetentionXml {
  /** `Mode`; set exactly when `retainUntilDate` is. */
  mode?: ObjectLockMode;
  /** `RetainUntilDate`, the instant it names; set exactly when `mode` is. */
  retainUntilDate?: Date;
}

/**
 * Parses a PutObjectRetention body (`<Retention><Mode/><RetainUntilDate/></Retention>`). Both
 * elements are optional in S3's schema: an empty `<Retention/>` parses to `{}`, a request to
 * remove the retention, which only a caller allowed to bypass GOVERNANCE may make (the caller's
 * decision, as is whether the date lies in the future). One without the other names no
 * retention S3 could apply and is refused. The mode is trimmed of XML whitespace and compared
 * case-sensitively; the date is an RFC 3339 timestamp with an offset (`2030-01-01T00:00:00Z`,
 * `2030-01-01T00:00:00.000Z`, `2030-01-01T02:00:00+02:00`), fractions beyond milliseconds
 * truncated. Other elements are ignored.
 *
 * @param xml The body, already read by the caller under a size cap.
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root, a repeated element,
 *   a `<Mode>` other than `GOVERNANCE` or `COMPLIANCE`, a `<RetainUntilDate>` that is not such a
 *   timestamp (no offset, an impossible date), or one of the two elements without the other.
 * @example
 * ```ts
 * parseObjectRetention(
 *   '<Retention><Mode>GOVERNANCE</Mode>' +
 *     '<RetainUntilDate>2030-01-01T00:00:00.000Z</RetainUntilDate></Retention>',
 * ); // { mode: 'GOVERNANCE', retainUntilDate: new Date('2030-01-01T00:00:00.000Z') }
 * ```
 */
export function parseObjectRetention(xml: string): ObjectRetentionXml {
  const root = parseXmlDocument(xml, 'Retention');
  assertContainer(root);
  const modeEl = optionalChild(root, 'Mode');
  const dateEl = optionalChild(root, 'RetainUntilDate');
  const mode = modeEl === undefined ? undefined : allowedValue(modeEl, OBJECT_LOCK_MODES);
  const date = dateEl === undefined ? undefined : parseTimestamp(trimXml(leafText(dateEl)));
  if (dateEl !== undefined && date === undefined) {
    throw malformedXml('<RetainUntilDate> is not an RFC 3339 timestamp with an offset');
  }
  if (mode === undefined && date === undefined) return {};
  if (mode === undefined || date === undefined) {
    throw malformedXml('<Mode> and <RetainUntilDate> must be sent together');
  }
  return { mode, retainUntilDate: date };
}
