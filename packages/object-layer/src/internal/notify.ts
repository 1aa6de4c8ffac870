import type {
  Bucket,
  JsonValue,
  MetaTx,
  NotificationRule,
  OutboxEventName,
} from '@strata/metastore-core';
import { s3UrlEncode } from '@strata/s3-xml';
import type { RequestOrigin } from '../request-origin.js';
import { writeIdHex } from '../write-id.js';

/** A change to one key that event notifications may report. */
export interface ObjectEvent {
  readonly name: OutboxEventName;
  readonly key: string;
  /** The object's size and ETag (unquoted), for the `ObjectCreated` events. */
  readonly size?: number | undefined;
  readonly etag?: string | undefined;
  /** The S3 version id written or removed; absent in a bucket never versioned. */
  readonly versionId?: string | undefined;
  /** The write id of the change (the version's, or a fresh one): orders events per key. */
  readonly writeId: string;
  readonly time: Date;
  readonly origin?: RequestOrigin | undefined;
}

/** The principal lifecycle expirations are reported as, as S3 reports its own. */
const LIFECYCLE_PRINCIPAL = 's3.amazonaws.com';

/**
 * Inside the transaction of a change: appends one outbox event per notification configuration
 * of `bucket` that the change matches, so an event exists exactly when its change committed
 * (the notifier delivers it later, at least once). The payload carries the configuration's
 * target and the S3 event record (version 2.1) to send it. A bucket without configurations
 * costs nothing here: its row was read by the transaction anyway.
 */
export async function notify(tx: MetaTx, bucket: Bucket, event: ObjectEvent): Promise<void> {
  for (const rule of bucket.notifications ?? []) {
    if (!matches(rule, event)) continue;
    await tx.outbox.append({
      bucket: bucket.name,
      key: event.key,
      event: event.name,
      payload: { target: rule.target, record: toRecord(bucket, rule, event) },
    });
  }
}

/** Whether `rule` asks for `event`: a listed type or its family (`s3:ObjectCreated:*`), and the key filter. */
export function matches(rule: NotificationRule, event: Pick<ObjectEvent, 'name' | 'key'>): boolean {
  const family = `${event.name.slice(0, event.name.lastIndexOf(':'))}:*`;
  if (!rule.events.some((e) => e === event.name || e === family)) return false;
  if (rule.prefix !== undefined && !event.key.startsWith(rule.prefix)) return false;
  return rule.suffix === undefined || event.key.endsWith(rule.suffix);
}

function toRecord(bucket: Bucket, rule: NotificationRule, event: ObjectEvent): JsonValue {
  const lifecycle = event.name.startsWith('s3:LifecycleExpiration:');
  const principal = lifecycle ? LIFECYCLE_PRINCIPAL : (event.origin?.principalId ?? 'anonymous');
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: bucket.region,
    eventTime: event.time.toISOString(),
    eventName: event.name.slice('s3:'.length),
    userIdentity: { principalId: principal },
    requestParameters: { sourceIPAddress: event.origin?.sourceIp ?? '' },
    responseElements: {
      'x-amz-request-id': event.origin?.requestId ?? '',
      'x-amz-id-2': event.origin?.requestId ?? '',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: rule.id,
      bucket: {
        name: bucket.name,
        ownerIdentity: { principalId: bucket.owner },
        arn: `arn:aws:s3:::${bucket.name}`,
      },
      object: {
        key: s3UrlEncode(event.key),
        ...(event.size === undefined ? {} : { size: event.size }),
        ...(event.etag === undefined ? {} : { eTag: event.etag }),
        ...(event.versionId === undefined ? {} : { versionId: event.versionId }),
        // The change's write id: later changes of one key sort after earlier ones.
        sequencer: writeIdHex(event.writeId),
      },
    },
  };
}
