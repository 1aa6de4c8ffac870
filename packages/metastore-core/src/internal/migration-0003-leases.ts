import type { Kysely, Migration } from 'kysely';
import type { DialectSchema } from '../dialect-adapter.js';

/**
 * Named leases for leader election: one row per name, held by `holder` until `expires_at`
 * (milliseconds on the database's clock). `acquired_at` is when the current holder took it.
 */
export function createLeasesMigration({ bigint }: DialectSchema): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', bigint, (c) => c.notNull())
        .addColumn('acquired_at', bigint, (c) => c.notNull())
        .execute();
    },
  };
}
