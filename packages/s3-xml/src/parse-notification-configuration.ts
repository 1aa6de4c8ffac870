import {
  assertContainer,
  childrenNamed,
  leafText,
  malformedXml,
  optionalChild,
  parseXmlDocument,
  requiredChild,
  trimXml,
  type XmlElement,
} from './internal/parse-xml-document.js';

/** Which element of a notification configuration a destination came in. */
export type NotificationKind = 'queue' | 'topic' | 'function';

/** One key name filter rule (`<FilterRule><Name>prefix</Name><Value>logs/</Value>`), as sent. */
export interface NotificationFilterRuleXml {
  readonly name: string;
  readonly value: string;
}

/** One `QueueConfiguration`, `TopicConfiguration` or `CloudFunctionConfiguration`, as sent. */
export interface NotificationDestinationXml {
  readonly kind: NotificationKind;
  readonly id?: string | undefined;
  /** The `Queue`, `Topic` or `CloudFunction` ARN. */
  readonly arn: string;
  /** The `Event` values, in order (at least one). */
  readonly events: readonly string[];
  /** The `Filter`/`S3Key`/`FilterRule`s, in order. */
  readonly filterRules: readonly NotificationFilterRuleXml[];
}

/** A PutBucketNotificationConfiguration body, as sent. */
export interface NotificationConfigurationXml {
  /** Every destination configuration: topics, then queues, then functions (S3's order). */
  readonly destinations: readonly NotificationDestinationXml[];
  /** Whether `<EventBridgeConfiguration>` was present. */
  readonly eventBridge: boolean;
}

/** The element of each kind and the child naming its ARN. */
export const NOTIFICATION_ELEMENTS: readonly {
  readonly kind: NotificationKind;
  readonly element: string;
  readonly arn: string;
}[] = [
  { kind: 'topic', element: 'TopicConfiguration', arn: 'Topic' },
  { kind: 'queue', element: 'QueueConfiguration', arn: 'Queue' },
  { kind: 'function', element: 'CloudFunctionConfiguration', arn: 'CloudFunction' },
];

/**
 * Parses a PutBucketNotificationConfiguration body (`<NotificationConfiguration>` with any number
 * of `TopicConfiguration`, `QueueConfiguration` and `CloudFunctionConfiguration` elements, and an
 * optional `EventBridgeConfiguration`). An empty configuration is valid: it removes every one.
 * Values are trimmed of XML whitespace and kept as sent; whether the events, filter rule names and
 * ARNs are acceptable is the caller's decision (S3 answers those with `InvalidArgument`).
 *
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root, a destination with
 *   no ARN or no `<Event>`, or a `<FilterRule>` without `<Name>` or `<Value>`.
 * @example
 * ```ts
 * parseNotificationConfiguration(
 *   '<NotificationConfiguration><QueueConfiguration><Queue>arn:strata:sqs::hooks:webhook</Queue>' +
 *     '<Event>s3:ObjectCreated:*</Event></QueueConfiguration></NotificationConfiguration>',
 * ); // { destinations: [{ kind: 'queue', arn: 'arn:strata:sqs::hooks:webhook', events: ['s3:ObjectCreated:*'], filterRules: [] }], eventBridge: false }
 * ```
 */
export function parseNotificationConfiguration(xml: string): NotificationConfigurationXml {
  const root = parseXmlDocument(xml, 'NotificationConfiguration');
  assertContainer(root);
  const destinations = NOTIFICATION_ELEMENTS.flatMap(({ kind, element, arn }) =>
    childrenNamed(root, element).map((el) => parseDestination(el, kind, arn)),
  );
  return {
    destinations,
    eventBridge: optionalChild(root, 'EventBridgeConfiguration') !== undefined,
  };
}

function parseDestination(
  el: XmlElement,
  kind: NotificationKind,
  arnName: string,
): NotificationDestinationXml {
  assertContainer(el);
  const text = (child: XmlElement) => trimXml(leafText(child));
  const events = childrenNamed(el, 'Event').map(text);
  if (events.length === 0) throw malformedXml(`no <Event> in <${el.name}>`);
  const id = optionalChild(el, 'Id');
  return {
    kind,
    ...(id === undefined ? {} : { id: text(id) }),
    arn: text(requiredChild(el, arnName)),
    events,
    filterRules: parseFilter(optionalChild(el, 'Filter')),
  };
}

function parseFilter(filter: XmlElement | undefined): NotificationFilterRuleXml[] {
  if (filter === undefined) return [];
  assertContainer(filter);
  const key = optionalChild(filter, 'S3Key');
  if (key === undefined) return [];
  assertContainer(key);
  return childrenNamed(key, 'FilterRule').map((rule) => {
    assertContainer(rule);
    return {
      name: trimXml(leafText(requiredChild(rule, 'Name'))),
      // A value is kept exactly as sent: a prefix may end in a space.
      value: leafText(requiredChild(rule, 'Value')),
    };
  });
}
