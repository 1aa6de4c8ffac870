/**
 * One event notification configuration of a bucket (an S3 `QueueConfiguration`,
 * `TopicConfiguration` or `CloudFunctionConfiguration`), as validated on
 * PutBucketNotificationConfiguration: which events of which keys go to which webhook target.
 */
export interface NotificationRule {
  /** The configuration's `Id` (S3 assigns one when the request has none). */
  readonly id: string;
  /** The element it came in, so GetBucketNotificationConfiguration answers the same shape. */
  readonly kind: 'queue' | 'topic' | 'function';
  /** The destination ARN as sent (`Queue`, `Topic` or `CloudFunction`). */
  readonly arn: string;
  /** The configured webhook target the ARN names. */
  readonly target: string;
  /** Event types as sent: concrete (`s3:ObjectCreated:Put`) or a family (`s3:ObjectCreated:*`). */
  readonly events: readonly string[];
  /** Key name filter (`FilterRule` `prefix`); absent for none. */
  readonly prefix?: string | undefined;
  /** Key name filter (`FilterRule` `suffix`); absent for none. */
  readonly suffix?: string | undefined;
}
