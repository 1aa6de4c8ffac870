import type { Kysely, Migration } from 'kysely';

/**
 * Tags: a JSON object of tag key → value on each current version (`objects.tags`), on each
 * multipart upload (`multipart_uploads.tags`, given at CreateMultipartUpload and carried to the
 * object on Complete), where `'{}'` is none, so existing rows need no rewrite; and on buckets
 * (`buckets.tags`), where NULL is no tag set (GetBucketTagging's NoSuchTagSet).
 */
export function createTagsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of ['objects', 'multipart_uploads']) {
        await db.schema
          .alterTable(table)
          .addColumn('tags', 'text', (c) => c.notNull().defaultTo('{}'))
          .execute();
      }
      await db.schema.alterTable('buckets').addColumn('tags', 'text').execute();
    },
  };
}
