import { serializeNotificationConfiguration } from '@strata/s3-xml';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/**
 * GetBucketNotificationConfiguration (`?notification`): the bucket's configurations, as put (with
 * the ids S3 assigns); an empty `<NotificationConfiguration/>` when it has none, as on S3.
 */
export const getBucketNotificationConfiguration: Handler = async (c, deps) =>
  xml(c, serializeNotificationConfiguration(await deps.layer.getBucketNotification(bucketOf(c))));
