import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Database } from '../database.js';
import type { DialectAdapter } from '../dialect-adapter.js';
import { createInitialMigration } from './migration-0001-initial.js';
import { createUploadLookupsMigration } from './migration-0002-upload-lookups.js';
import { createLeasesMigration } from './migration-0003-leases.js';
import { createCredentialsAndQueuesMigration } from './migration-0004-credentials-queues.js';
import { createBackendCopiesAndUsageMigration } from './migration-0005-backend-copies-usage.js';
import { createIntentBlobsMigration } from './migration-0006-intent-blobs.js';
import { createTagsMigration } from './migration-0007-tags.js';
import { createBucketCorsMigration } from './migration-0008-bucket-cors.js';
import { createEncryptionMigration } from './migration-0009-encryption.js';
import { createVersionsMigration } from './migration-0010-versions.js';
import { createObjectLockMigration } from './migration-0011-object-lock.js';
import { createBucketAccessMigration } from './migration-0012-bucket-access.js';
import { createLifecycleMigration } from './migration-0013-lifecycle.js';
import { createBackendStatesMigration } from './migration-0014-backend-states.js';
import { createNotificationsMigration } from './migration-0015-notifications.js';
import { createCredentialStateMigration } from './migration-0016-credential-state.js';

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
        '0003_leases': createLeasesMigration(adapter.schema),
        '0004_credentials_queues': createCredentialsAndQueuesMigration(adapter.schema),
        '0005_backend_copies_usage': createBackendCopiesAndUsageMigration(adapter.schema),
        '0006_intent_blobs': createIntentBlobsMigration(),
        '0007_tags': createTagsMigration(),
        '0008_bucket_cors': createBucketCorsMigration(),
        '0009_encryption': createEncryptionMigration(),
        '0010_versions': createVersionsMigration(adapter.schema),
        '0011_object_lock': createObjectLockMigration(),
        '0012_bucket_access': createBucketAccessMigration(),
        '0013_lifecycle': createLifecycleMigration(),
        '0014_backend_states': createBackendStatesMigration(adapter.schema),
        '0015_notifications': createNotificationsMigration(),
        '0016_credential_state': createCredentialStateMigration(),
      }),
  };
}

/**
 * Brings the schema up to date. Runs inside one write transaction so that several processes
 * opening the same database at once cannot both apply a migration: the adapter's
 * `prepareMigration` makes the second wait (SQLite's write lock, PostgreSQL's advisory lock), and
 * it then finds everything applied. DDL is transactional on both dialects, so a failed migration
 * leaves nothing half-done.
 */
export async function runMigrations(db: Kysely<Database>, adapter: DialectAdapter): Promise<void> {
  await adapter.transaction(db, 'write', async (trx) => {
    await adapter.prepareMigration(trx);
    const migrator = new Migrator({
      db: trx,
      provider: createMigrationProvider(adapter),
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: MIGRATION_LOCK_TABLE,
      // Without it kysely would take a same-named table in any schema for ours.
      migrationTableSchema: adapter.schema.namespace,
      // We already hold a transaction; let the migrator run its steps inside it.
      disableTransactions: true,
    });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined)
      throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  });
}
