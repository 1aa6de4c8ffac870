import { element, xmlDocument } from './internal/xml-writer.js';
import type { LegalHoldStatus } from './parse-object-legal-hold.js';

/**
 * Renders a GetObjectLegalHold reply: `<LegalHold><Status>`. A version that never had a legal
 * hold has nothing to render (the caller answers `NoSuchObjectLockConfiguration`).
 *
 * @example
 * ```ts
 * serializeObjectLegalHold('ON');
 * ```
 */
export function serializeObjectLegalHold(status: LegalHoldStatus): string {
  return xmlDocument('LegalHold', element('Status', status));
}
