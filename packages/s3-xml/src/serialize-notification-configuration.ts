import {
  NOTIFICATION_ELEMENTS,
  type NotificationKind,
} from './parse-notification-configuration.js';
import { element, optionalElement, xmlDocument } from './internal/xml-writer.js';

/** A destination configuration to render. */
export interface NotificationDestinationInput {
  readonly kind: NotificationKind;
  readonly id?: string | undefined;
  readonly arn: string;
  readonly events: readonly string[];
  readonly prefix?: string | undefined;
  readonly suffix?: string | undefined;
}

/**
 * Renders a GetBucketNotificationConfiguration reply: topics, then queues, then functions (S3's
 * order), each with `Id`, its ARN, its `Event`s and a `Filter` when it has a prefix or suffix.
 * No destinations render `<NotificationConfiguration/>`, which is what S3 answers for a bucket
 * without any.
 *
 * @example
 * ```ts
 * serializeNotificationConfiguration([
 *   { kind: 'queue', id: 'logs', arn: 'arn:strata:sqs::hooks:webhook', events: ['s3:ObjectCreated:*'], prefix: 'logs/' },
 * ]);
 * ```
 */
export function serializeNotificationConfiguration(
  destinations: readonly NotificationDestinationInput[],
): string {
  const body = NOTIFICATION_ELEMENTS.map(({ kind, element: name, arn }) =>
    destinations
      .filter((d) => d.kind === kind)
      .map(
        (d) =>
          `<${name}>` +
          optionalElement('Id', d.id) +
          element(arn, d.arn) +
          d.events.map((event) => element('Event', event)).join('') +
          filterElement(d) +
          `</${name}>`,
      )
      .join(''),
  ).join('');
  return xmlDocument('NotificationConfiguration', body);
}

function filterElement(d: NotificationDestinationInput): string {
  const rule = (name: string, value: string | undefined) =>
    value === undefined
      ? ''
      : `<FilterRule>${element('Name', name)}${element('Value', value)}</FilterRule>`;
  const rules = rule('Prefix', d.prefix) + rule('Suffix', d.suffix);
  return rules === '' ? '' : `<Filter><S3Key>${rules}</S3Key></Filter>`;
}
