import type { Kysely, Migration } from 'kysely';

/**
 * Lifecycle: a bucket's rules (`buckets.lifecycle`, a JSON array of `LifecycleRule`; NULL when it
 * has none, so existing rows need no rewrite) and `job_cursors`, where a background job that walks
 * the store a page at a time keeps its place, so the instance that takes its lease over goes on
 * where the last one stopped instead of starting again.
 */
export function createLifecycleMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('buckets').addColumn('lifecycle', 'text').execute();
      await db.schema
        .createTable('job_cursors')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
