import type { Kysely, Migration } from 'kysely';
import type { DialectSchema } from '../dialect-adapter.js';

/**
 * Backend states set at runtime (`backend_states`): an operator drains a backend, or puts it back
 * into service, through the admin API instead of a config edit and a restart, and every instance
 * on the store picks the change up. A row overrides the configured state; no row, the config's.
 */
export function createBackendStatesMigration(schema: DialectSchema): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('backend_states')
        .addColumn('backend', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('changed_at', schema.bigint, (c) => c.notNull())
        .execute();
    },
  };
}
