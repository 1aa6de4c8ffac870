import type { NotificationRule } from '@strata/metastore-core';
import type { NotificationConfigurationXml } from '@strata/s3-xml';
import type { LayerContext } from './internal/context.js';
import { requireBucket } from './internal/load.js';
import { noSuchBucket } from './internal/s3-errors.js';
import { toNotificationRules, type NotificationTargetResolver } from './notification-rules.js';

/**
 * GetBucketNotificationConfiguration: the bucket's notification configurations, in the order
 * they were put (none is an empty list: S3 answers an empty configuration, not an error).
 *
 * @throws S3Error NoSuchBucket.
 */
export async function getBucketNotification(
  ctx: LayerContext,
  bucket: string,
): Promise<readonly NotificationRule[]> {
  return (await requireBucket(ctx, bucket)).notifications ?? [];
}

/**
 * PutBucketNotificationConfiguration: replaces the bucket's notification configurations, checked
 * first ({@link toNotificationRules}); an empty configuration removes them. Changes committed
 * from then on append their events to the outbox.
 *
 * @throws S3Error InvalidArgument, NotImplemented, NoSuchBucket.
 */
export async function putBucketNotification(
  ctx: LayerContext,
  bucket: string,
  config: NotificationConfigurationXml,
  resolve: NotificationTargetResolver,
): Promise<readonly NotificationRule[]> {
  const rules = toNotificationRules(config, resolve);
  if (!(await ctx.store.buckets.setNotifications(bucket, rules))) throw noSuchBucket(bucket);
  return rules;
}
