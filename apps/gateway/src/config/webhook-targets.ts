import type { WebhookTarget } from '@strata/workers';
import { readSecretFile } from './credentials.js';
import type { NotificationsConfig } from './notifications-schema.js';

/**
 * The configured webhook targets by name, their secrets read (a `secret_file` at start).
 *
 * @throws ConfigError naming `notifications.targets.<i>.secret_file` when it cannot be read.
 */
export async function resolveWebhookTargets(
  config: NotificationsConfig,
): Promise<ReadonlyMap<string, WebhookTarget>> {
  const entries = await Promise.all(
    config.targets.map(async (t, i): Promise<[string, WebhookTarget]> => {
      const secret =
        t.secret_file === undefined
          ? t.secret
          : await readSecretFile(t.secret_file, `notifications.targets.${i}.secret_file`);
      return [
        t.name,
        { url: t.url, timeoutMs: t.timeout, ...(secret === undefined ? {} : { secret }) },
      ];
    }),
  );
  return new Map(entries);
}
