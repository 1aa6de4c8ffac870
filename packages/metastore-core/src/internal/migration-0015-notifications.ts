import type { Kysely, Migration } from 'kysely';

/**
 * Event notifications: a bucket's notification configurations (`buckets.notifications`, a JSON
 * array of `NotificationRule`; NULL when it has none, so existing rows need no rewrite). The
 * outbox the events go through exists since 0004.
 */
export function createNotificationsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('buckets').addColumn('notifications', 'text').execute();
    },
  };
}
