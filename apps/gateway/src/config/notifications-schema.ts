import { z } from 'zod';
import { count, duration } from './schema-parts.js';

/** One webhook target of event notifications. */
const webhookTarget = z
  .object({
    /** The name a destination ARN uses: `arn:strata:sqs::<name>:webhook`. */
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - (1–64)'),
    /** Where each event is POSTed. */
    url: z.string().refine((v) => /^https?:\/\/[^\s/]/.test(v) && URL.canParse(v), {
      message: 'expected an http(s) URL, e.g. https://hooks.example.com/s3-events',
    }),
    /** The HMAC-SHA256 key of `X-Strata-Signature-256`; inline or in a file. */
    secret: z.string().min(16, 'at least 16 characters').optional(),
    secret_file: z.string().min(1).optional(),
    /** How long one delivery may take. */
    timeout: duration.default(10_000),
  })
  .strict()
  .refine((t) => t.secret === undefined || t.secret_file === undefined, {
    message: 'give at most one of secret and secret_file',
  });

/** Event notifications (PutBucketNotificationConfiguration) and where they may go. */
export const notificationsSchema = z
  .object({
    /** The webhook targets destinations may name; none configured: every ARN is refused. */
    targets: z.array(webhookTarget).default([]),
    /** Delivery attempts of one event before it is dead-lettered. */
    max_attempts: count.refine((n) => n >= 1, { message: 'must be at least 1' }).default(20),
    /** How often the notifier looks for new events in the outbox. */
    interval: duration.default(1000),
  })
  .strict()
  .prefault({});

/** The `notifications` section, validated. */
export type NotificationsConfig = z.output<typeof notificationsSchema>;

/**
 * The target a destination ARN names: `arn:strata:<service>:<region>:<name>:webhook`, the form
 * MinIO uses for its targets (service `sqs`, `sns` or `lambda`, region empty or the gateway's),
 * where `<name>` is a configured target.
 */
export function targetOfArn(
  config: NotificationsConfig,
  region: string,
  arn: string,
): string | undefined {
  const parts = arn.split(':');
  if (parts.length !== 6) return undefined;
  const [scheme, partition, service, arnRegion, name, type] = parts;
  if (scheme !== 'arn' || partition !== 'strata' || type !== 'webhook') return undefined;
  if (service !== 'sqs' && service !== 'sns' && service !== 'lambda') return undefined;
  if (arnRegion !== '' && arnRegion !== region) return undefined;
  return config.targets.some((t) => t.name === name) ? name : undefined;
}
