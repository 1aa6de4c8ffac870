import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Database } from '../database.js';
import type { DialectAdapter } from '../dialect-adapter.js';
import { createInitialMigration } from './migration-0001-initial.js';
import { createUploadLookupsMigration } from './migration-0002-upload-lookups.js';

/** Kysely's bookkeeping tables, named for us so they cannot clash with an application's own. */
const MIGRATION_TABLE = 'strata_migration';
const MIGRATION_LOCK_TABLE = 'strata_migration_lock';

/** The in-code, forward-only migration list. Names sort in the order they apply. */
function createMigrationProvider(adapter: DialectAdapter): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve<Record<string, Migration>>({
        '0001_initial': createInitialMigration(adapter.schema),
        '0002_upload_lookups': createUploadLookupsMigration(),
      }),
  };
}

/**
 * Brings the schema up to date. Runs inside one write transaction so that several processes
 * opening the same database at once cannot both apply a migration (the second waits for the
 * write lock, then finds it applied).
 */
export async function runMigrations(db: Kysely<Database>, adapter: DialectAdapter): Promise<void> {
  await adapter.transaction(db, 'write', async (trx) => {
    const migrator = new Migrator({
      db: trx,
      provider: createMigrationProvider(adapter),
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: MIGRATION_LOCK_TABLE,
      // We already hold a transaction; let the migrator run its steps inside it.
      disableTransactions: true,
    });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined)
      throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  });
}
