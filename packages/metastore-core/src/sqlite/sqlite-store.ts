import { Kysely, SqliteDialect, sql } from 'kysely';
import type { KyselyPlugin } from 'kysely';
import { createMetaStore } from '../create-meta-store.js';
import type { Database } from '../database.js';
import type { MasterKey } from '../credential.js';
import type { MetaStoreCallStartObserver } from '../meta-store-call.js';
import type { MetaStore } from '../store.js';
import { DEFAULT_SQLITE_BUSY_TIMEOUT_MS, createSqliteAdapter } from './sqlite-adapter.js';
import { openSqliteFile } from './sqlite-database.js';
import type { BetterSqlite3DatabaseLike } from './sqlite-database.js';
import { mapSqliteError } from './sqlite-errors.js';
import { withStatementCache } from './statement-cache.js';

/** Options of {@link openSqliteStore}. */
export interface OpenSqliteStoreOptions {
  /**
   * A file path (opened with better-sqlite3; the file and its directory are created when missing),
   * or an open better-sqlite3 `Database`. Either way the store owns it and closes it on `close()`.
   */
  readonly database: string | BetterSqlite3DatabaseLike;
  /** How long a write waits for another process's write lock. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Kysely plugins (query logging, metrics). */
  readonly plugins?: readonly KyselyPlugin[];
  /**
   * Seals credential secrets at rest (AES-256-GCM): 32 random bytes, or a passphrase (scrypt,
   * salt stored in the database). Without it `credentials.put`/`get` throw
   * `MetastoreConfigError` (`EMETA_NO_MASTER_KEY`).
   */
  readonly masterKey?: MasterKey | undefined;
  /** Told as every call starts and when it settles (traces): see `CreateMetaStoreOptions`. */
  readonly onCallStart?: MetaStoreCallStartObserver | undefined;
}

/**
 * Opens a metastore on a SQLite database: sets WAL journaling (readers never block the writer),
 * `synchronous=NORMAL` (durable at checkpoints, safe against corruption in WAL mode),
 * `foreign_keys=ON` and `busy_timeout`, runs pending migrations, and returns the store.
 * Several processes (or stores) may open one file; their writes take turns.
 *
 * @example
 * ```ts
 * import { openSqliteStore } from '@strata/metastore-core/sqlite';
 *
 * await using store = await openSqliteStore({ database: './data/meta.db' });
 * console.log(await store.buckets.list());
 * ```
 * @throws {@link MetastoreUnavailableError} when the file cannot be opened or is not a database.
 */
export async function openSqliteStore(options: OpenSqliteStoreOptions): Promise<MetaStore> {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS;
  const database =
    typeof options.database === 'string'
      ? await openSqliteFile(options.database, busyTimeoutMs)
      : options.database;
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
    plugins: options.plugins === undefined ? [] : [...options.plugins],
  });
  try {
    await sql.raw(`pragma busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`).execute(db);
    await sql`pragma journal_mode = wal`.execute(db);
    await sql`pragma synchronous = normal`.execute(db);
    await sql`pragma foreign_keys = on`.execute(db);
    return await createMetaStore({
      db,
      adapter: createSqliteAdapter({ busyTimeoutMs }),
      masterKey: options.masterKey,
      onCallStart: options.onCallStart,
    });
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw mapSqliteError(error);
  }
}
