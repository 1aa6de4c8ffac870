import { Kysely, PostgresDialect } from 'kysely';
import type { KyselyPlugin } from 'kysely';
import { createMetaStore } from '../create-meta-store.js';
import type { Database } from '../database.js';
import type { MasterKey } from '../credential.js';
import type { MetaStore } from '../store.js';
import { DEFAULT_POSTGRES_SCHEMA, createPostgresAdapter } from './postgres-adapter.js';
import { mapPostgresError } from './postgres-errors.js';
import { createOwnedPool, guardPool } from './postgres-pool.js';
import type { PgPoolLike } from './postgres-pool.js';

/** Options of {@link openPostgresStore}: give exactly one of `pool` and `connectionString`. */
export interface OpenPostgresStoreOptions {
  /**
   * A pg `Pool` (or anything {@link PgPoolLike}) you created; the store borrows it and leaves it
   * open on `close()`. You own its lifecycle and its `error` events.
   */
  readonly pool?: PgPoolLike;
  /**
   * A connection string (`postgres://user:password@host:5432/database`); the store creates a pg
   * `Pool` from it (pg is loaded on demand), owns it, and ends it on `close()`.
   */
  readonly connectionString?: string;
  /** The schema the tables live in; created when missing. Default `public`. */
  readonly schema?: string;
  /** Connections of the pool created from `connectionString`. Default 10. */
  readonly poolSize?: number;
  /** How long the pool created from `connectionString` waits to connect. Default 10000 ms. */
  readonly connectTimeoutMs?: number;
  /** How long a statement waits for another transaction's row lock. Default 5000 ms. */
  readonly lockTimeoutMs?: number;
  /** Runs of one transaction, in all, when deadlocks roll it back. Default 5. */
  readonly maxAttempts?: number;
  /** Kysely plugins (query logging, metrics). */
  readonly plugins?: readonly KyselyPlugin[];
  /**
   * Seals credential secrets at rest (AES-256-GCM): 32 random bytes, or a passphrase (scrypt,
   * salt stored in the database). Without it `credentials.put`/`get` throw
   * `MetastoreConfigError` (`EMETA_NO_MASTER_KEY`).
   */
  readonly masterKey?: MasterKey | undefined;
}

/** Default of {@link OpenPostgresStoreOptions.poolSize}. */
export const DEFAULT_POSTGRES_POOL_SIZE = 10;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens a metastore on PostgreSQL: connects, creates the schema when missing, runs pending
 * migrations (one instance at a time, under an advisory lock, so many gateways may start at
 * once), and returns the store. Any number of stores, in any number of processes, may share
 * one database and schema: conditional writes, queue claims and leases stay exact across them.
 *
 * @example
 * ```ts
 * import { openPostgresStore } from '@strata/metastore-core/postgres';
 *
 * await using store = await openPostgresStore({
 *   connectionString: 'postgres://strata@db.internal:5432/strata',
 *   schema: 'strata',
 * });
 * console.log(await store.usage.byBackend());
 * ```
 * @throws TypeError unless exactly one of `pool` and `connectionString` is given.
 * @throws {@link MetastoreUnavailableError} when pg is missing (with `connectionString`) or the
 *   database cannot be reached, authenticated against, or migrated for lack of privileges.
 */
export async function openPostgresStore(options: OpenPostgresStoreOptions): Promise<MetaStore> {
  const { pool, connectionString } = options;
  if ((pool === undefined) === (connectionString === undefined)) {
    throw new TypeError('openPostgresStore needs exactly one of `pool` and `connectionString`');
  }
  const schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  const driverPool = guardPool(
    pool ??
      (await createOwnedPool({
        connectionString: connectionString ?? '',
        max: Math.max(1, Math.floor(options.poolSize ?? DEFAULT_POSTGRES_POOL_SIZE)),
        connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      })),
    pool === undefined,
  );
  // Table names are qualified with the schema in every query; connections' search_path is left
  // alone, so a borrowed pool's other users see no change.
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: driverPool }),
    plugins: options.plugins === undefined ? [] : [...options.plugins],
  }).withSchema(schema);
  try {
    return await createMetaStore({
      db,
      adapter: createPostgresAdapter({
        schema,
        lockTimeoutMs: options.lockTimeoutMs,
        maxAttempts: options.maxAttempts,
      }),
      masterKey: options.masterKey,
    });
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw mapPostgresError(error);
  }
}
