import type { Kysely, Migration } from 'kysely';

/**
 * A bucket's CORS rules (`buckets.cors`, a JSON array of `CorsRule`); NULL when it has none
 * (GetBucketCors' NoSuchCORSConfiguration, and every preflight refused).
 */
export function createBucketCorsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('buckets').addColumn('cors', 'text').execute();
    },
  };
}
