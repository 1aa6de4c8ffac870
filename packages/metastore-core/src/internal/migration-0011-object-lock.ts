import type { Kysely, Migration } from 'kysely';

/**
 * Object Lock: a bucket's configuration (`buckets.object_lock`, a JSON `BucketObjectLock`, NULL
 * when lock is not enabled), and each version's retention and legal hold (`object_lock` on
 * `objects`, `object_versions` and, for the object Complete makes, `multipart_uploads`; NULL
 * when none), so existing rows need no rewrite.
 */
export function createObjectLockMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of ['buckets', 'objects', 'object_versions', 'multipart_uploads']) {
        await db.schema.alterTable(table).addColumn('object_lock', 'text').execute();
      }
    },
  };
}
