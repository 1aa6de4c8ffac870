import { parseNotificationConfiguration } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { bucketOf, type Handler } from './internal/handler.js';

/**
 * PutBucketNotificationConfiguration (`?notification`): replaces the bucket's event notification
 * configurations, each destination ARN naming a configured webhook target
 * (`arn:strata:sqs::<target>:webhook`); an empty configuration removes them. Checked as S3
 * checks them; events of changes committed from then on go to the outbox.
 */
export const putBucketNotificationConfiguration: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const xml = await readVerifiedXml(c, deps, 'optional');
  const resolve = deps.notificationTarget ?? (() => undefined);
  await deps.layer.putBucketNotification(bucket, parseNotificationConfiguration(xml), resolve);
  return c.body(null, 200);
};
