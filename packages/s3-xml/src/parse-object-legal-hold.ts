import {
  allowedValue,
  assertContainer,
  parseXmlDocument,
  requiredChild,
} from './internal/parse-xml-document.js';

/** The legal hold states S3 accepts (S3's `ObjectLockLegalHoldStatus`). */
export const LEGAL_HOLD_STATUSES = ['ON', 'OFF'] as const;
/** One of {@link LEGAL_HOLD_STATUSES}. */
export type LegalHoldStatus = (typeof LEGAL_HOLD_STATUSES)[number];

/** A PutObjectLegalHold body, as sent (S3's `ObjectLockLegalHold`). */
export interface ObjectLegalHoldXml {
  /** `Status`. */
  status: LegalHoldStatus;
}

/**
 * Parses a PutObjectLegalHold body (`<LegalHold><Status>ON|OFF</Status></LegalHold>`). The
 * status is trimmed of XML whitespace and compared case-sensitively. S3's schema makes `Status`
 * optional, but a body without it asks for nothing (there is no "remove" as for a retention), so
 * it is refused. Other elements are ignored.
 *
 * @param xml The body, already read by the caller under a size cap.
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root, no `<Status>` or
 *   more than one, or a status other than `ON` or `OFF`.
 * @example
 * ```ts
 * parseObjectLegalHold('<LegalHold><Status>ON</Status></LegalHold>'); // { status: 'ON' }
 * ```
 */
export function parseObjectLegalHold(xml: string): ObjectLegalHoldXml {
  const root = parseXmlDocument(xml, 'LegalHold');
  assertContainer(root);
  return { status: allowedValue(requiredChild(root, 'Status'), LEGAL_HOLD_STATUSES) };
}
