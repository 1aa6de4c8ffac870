import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { DialectAdapter } from './dialect-adapter.js';
import { KyselyMetaStore } from './internal/kysely-meta-store.js';
import { runMigrations } from './internal/run-migrations.js';
import type { MetaStore } from './store.js';

/** Options of {@link createMetaStore}. */
export interface CreateMetaStoreOptions {
  /** A kysely instance on the database; the store owns it from now on and destroys it on `close()`. */
  readonly db: Kysely<Database>;
  /** The dialect's adapter (`createSqliteAdapter()` from `@strata/metastore-core/sqlite`). */
  readonly adapter: DialectAdapter;
}

/**
 * Brings the schema up to date (forward-only migrations, safe to run from several processes at
 * once) and returns the store. Dialect entry points such as `openSqliteStore` call this.
 *
 * @throws the mapped driver error ({@link MetastoreBusyError}, {@link MetastoreUnavailableError})
 *   when the migration cannot run.
 */
export async function createMetaStore(options: CreateMetaStoreOptions): Promise<MetaStore> {
  const { db, adapter } = options;
  try {
    await runMigrations(db, adapter);
  } catch (error) {
    throw adapter.mapError(error);
  }
  return new KyselyMetaStore(db, adapter);
}
