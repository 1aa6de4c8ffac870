import type { Kysely, Migration } from 'kysely';

/**
 * A bucket's access settings: its policy (`buckets.policy`, the document as PutBucketPolicy
 * received it), its public access block (`buckets.public_access_block`, a JSON
 * `PublicAccessBlock`) and its object ownership (`buckets.ownership`, S3's `ObjectOwnership`);
 * NULL when the bucket has none, so existing rows need no rewrite.
 */
export function createBucketAccessMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const column of ['policy', 'public_access_block', 'ownership']) {
        await db.schema.alterTable('buckets').addColumn(column, 'text').execute();
      }
    },
  };
}
