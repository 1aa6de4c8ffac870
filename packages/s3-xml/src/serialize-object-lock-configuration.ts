import { element, xmlDocument } from './internal/xml-writer.js';
import type {
  DefaultRetentionXml,
  ObjectLockConfigurationXml,
} from './parse-object-lock-configuration.js';

/** `<Days>` or `<Years>`, whichever is set; both or neither is a programming error. */
function periodElement({ days, years }: DefaultRetentionXml): string {
  const period = days ?? years;
  if (period === undefined || (days !== undefined && years !== undefined)) {
    throw new TypeError('A default retention needs exactly one of days and years');
  }
  if (!Number.isSafeInteger(period)) {
    throw new TypeError(`Retention period not an integer: ${period}`);
  }
  return element(days === undefined ? 'Years' : 'Days', period);
}

/**
 * Renders a GetObjectLockConfiguration reply for a bucket with Object Lock enabled:
 * `<ObjectLockEnabled>Enabled</ObjectLockEnabled>`, and the `<Rule>` only when there is a
 * default retention. A bucket without Object Lock has no configuration to render (the caller
 * answers `ObjectLockConfigurationNotFoundError`).
 *
 * @throws TypeError when the default retention has both or neither of `days` and `years`, or a
 *   period that is not an integer (programming errors: `parseObjectLockConfiguration` never
 *   returns such a value).
 * @example
 * ```ts
 * serializeObjectLockConfiguration({ defaultRetention: { mode: 'COMPLIANCE', years: 7 } });
 * ```
 */
export function serializeObjectLockConfiguration(config: ObjectLockConfigurationXml): string {
  const retention = config.defaultRetention;
  const rule =
    retention === undefined
      ? ''
      : '<Rule><DefaultRetention>' +
        element('Mode', retention.mode) +
        periodElement(retention) +
        '</DefaultRetention></Rule>';
  return xmlDocument(
    'ObjectLockConfiguration',
    `<ObjectLockEnabled>Enabled</ObjectLockEnabled>${rule}`,
  );
}
