import { element, timestamp, xmlDocument } from './internal/xml-writer.js';
import type { ObjectLockMode } from './parse-object-lock-configuration.js';

/** A retention to render: both fields of `ObjectRetentionXml`, read-only. */
export interface ObjectRetentionInput {
  readonly mode: ObjectLockMode;
  readonly retainUntilDate: Date;
}

/**
 * Renders a GetObjectRetention reply: `<Mode>` and `<RetainUntilDate>` as S3 writes timestamps
 * (ISO 8601 UTC with milliseconds). A version without a retention has nothing to render (the
 * caller answers `NoSuchObjectLockConfiguration`).
 *
 * @throws RangeError when `retainUntilDate` is an invalid `Date` (a programming error).
 * @example
 * ```ts
 * serializeObjectRetention({
 *   mode: 'COMPLIANCE',
 *   retainUntilDate: new Date('2030-01-01T00:00:00Z'),
 * }); // …<RetainUntilDate>2030-01-01T00:00:00.000Z</RetainUntilDate>…
 * ```
 */
export function serializeObjectRetention(retention: ObjectRetentionInput): string {
  return xmlDocument(
    'Retention',
    element('Mode', retention.mode) +
      element('RetainUntilDate', timestamp(retention.retainUntilDate)),
  );
}
