import { randomUUID } from 'node:crypto';
import type { NotificationRule } from '@strata/metastore-core';
import {
  S3Error,
  type NotificationConfigurationXml,
  type NotificationDestinationXml,
} from '@strata/s3-xml';

/** The event types Strata reports, by family: each family's `…:*` stands for its members. */
export const NOTIFICATION_EVENT_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  's3:ObjectCreated': ['Put', 'Post', 'Copy', 'CompleteMultipartUpload'],
  's3:ObjectRemoved': ['Delete', 'DeleteMarkerCreated'],
  's3:LifecycleExpiration': ['Delete', 'DeleteMarkerCreated'],
  's3:ObjectTagging': ['Put', 'Delete'],
};

/**
 * Event types S3 has that Strata never reports: restores, tiering and transitions do not happen
 * here, and ACL and replication events are not emitted yet. Asking for one is 501, so a
 * configuration is never accepted for events that would silently never come.
 */
const UNREPORTED_EVENTS = new Set([
  's3:ObjectRestore:*',
  's3:ObjectRestore:Post',
  's3:ObjectRestore:Completed',
  's3:ObjectRestore:Delete',
  's3:ReducedRedundancyLostObject',
  's3:Replication:*',
  's3:Replication:OperationFailedReplication',
  's3:Replication:OperationMissedThreshold',
  's3:Replication:OperationReplicatedAfterThreshold',
  's3:Replication:OperationNotTracked',
  's3:LifecycleTransition',
  's3:IntelligentTiering',
  's3:ObjectAcl:Put',
]);

/** Resolves a destination ARN to the name of a configured webhook target; `undefined` when none. */
export type NotificationTargetResolver = (arn: string) => string | undefined;

const MAX_FILTER_VALUE = 1024;
/**
 * Configurations one bucket takes. S3 documents none; this bounds the work of checking a
 * document (its pairs are compared for overlaps) and of every change's matching.
 */
const MAX_CONFIGURATIONS = 1000;

/**
 * Checks a PutBucketNotificationConfiguration body as S3 does and turns it into the rules the
 * store keeps: every event one Strata reports, at most one `prefix` and one `suffix` filter rule
 * (names compared case-insensitively), each ARN naming a configured target, ids unique (one is
 * made up when missing, as S3 does), and no two configurations sharing an event type for keys
 * both filters can match.
 *
 * @throws S3Error InvalidArgument (an unknown event, filter rule or destination, a duplicate id,
 *   overlapping configurations, more than 1000 of them), NotImplemented (EventBridge, an event Strata never reports).
 */
export function toNotificationRules(
  config: NotificationConfigurationXml,
  resolve: NotificationTargetResolver,
): NotificationRule[] {
  if (config.eventBridge) {
    throw new S3Error('NotImplemented', {
      message: 'EventBridgeConfiguration is not supported; configure a webhook destination.',
    });
  }
  if (config.destinations.length > MAX_CONFIGURATIONS) {
    throw invalid(
      `A bucket takes at most ${MAX_CONFIGURATIONS} notification configurations`,
      'NotificationConfiguration',
      String(config.destinations.length),
    );
  }
  const rules = config.destinations.map((destination) => toRule(destination, resolve));
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw invalid('Configuration ID must be unique', 'Id', rule.id);
    ids.add(rule.id);
  }
  // Each rule's concrete events once, so the pairwise check stays cheap at the cap.
  const events = rules.map((rule) => new Set(rule.events.flatMap(concrete)));
  rules.forEach((rule, i) => {
    for (let j = i + 1; j < rules.length; j++) {
      const other = rules[j]!;
      const shared = [...events[j]!].some((event) => events[i]!.has(event));
      if (shared && filtersOverlap(rule, other)) {
        throw invalid(
          'Configurations overlap. Configurations on the same bucket cannot share a common event type.',
          'Event',
          other.events.join(','),
        );
      }
    }
  });
  return rules;
}

function toRule(
  destination: NotificationDestinationXml,
  resolve: NotificationTargetResolver,
): NotificationRule {
  for (const event of destination.events) checkEvent(event);
  const target = resolve(destination.arn);
  if (target === undefined) {
    throw invalid(
      'Unable to validate the following destination configurations',
      destination.arn,
      'The destination ARN names no configured notification target',
    );
  }
  const filter: { prefix?: string; suffix?: string } = {};
  for (const { name, value } of destination.filterRules) {
    const which = name.toLowerCase();
    if (which !== 'prefix' && which !== 'suffix') {
      throw invalid('filter rule name must be either prefix or suffix', 'FilterRule', name);
    }
    if (filter[which] !== undefined) {
      throw invalid(`Cannot specify more than one ${which} rule in a filter.`, 'FilterRule', name);
    }
    if (Buffer.byteLength(value) > MAX_FILTER_VALUE) {
      throw invalid('The filter rule value is too long', 'FilterRule', name);
    }
    filter[which] = value;
  }
  return {
    id: destination.id ?? Buffer.from(randomUUID()).toString('base64'),
    kind: destination.kind,
    arn: destination.arn,
    target,
    events: [...new Set(destination.events)],
    ...filter,
  };
}

function checkEvent(event: string): void {
  if (concrete(event).length > 0) return;
  if (UNREPORTED_EVENTS.has(event)) {
    throw new S3Error('NotImplemented', {
      message: `Strata does not report ${event} events.`,
    });
  }
  throw invalid('The event is not supported for notifications', 'Event', event);
}

/** The concrete event types `event` stands for (itself, or its family's); none when unknown. */
function concrete(event: string): string[] {
  const cut = event.lastIndexOf(':');
  const members = NOTIFICATION_EVENT_FAMILIES[event.slice(0, cut)] ?? [];
  const member = event.slice(cut + 1);
  if (member === '*') return members.map((m) => `${event.slice(0, cut)}:${m}`);
  return members.includes(member) ? [event] : [];
}

/** Whether some key can match both filters: each pair of prefixes (and suffixes) nest. */
function filtersOverlap(a: NotificationRule, b: NotificationRule): boolean {
  const nest = (x = '', y = '', test: (s: string, t: string) => boolean) =>
    test(x, y) || test(y, x);
  return (
    nest(a.prefix, b.prefix, (s, t) => s.startsWith(t)) &&
    nest(a.suffix, b.suffix, (s, t) => s.endsWith(t))
  );
}

function invalid(message: string, name: string, value: string): S3Error {
  return new S3Error('InvalidArgument', {
    message,
    extra: { ArgumentName: name, ArgumentValue: value },
  });
}
