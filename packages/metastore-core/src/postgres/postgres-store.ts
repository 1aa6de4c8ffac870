import { Kysely, PostgresDialect } from 'kysely';
import type { KyselyPlugin } from 'kysely';
import { createMetaStore } from '../create-meta-store.js';
import type { Database } from '../database.js';
import type { MasterKey } from '../credential.js';
import type { MetaStoreCallStartObserver } from '../meta-store-call.js';
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
  /**
   * How long the pool created from `connectionString` waits to open a connection, or for a free
   * one when all `poolSize` are busy, before failing with {@link MetastoreUnavailableError}.
   * `0` waits without limit. Default 5000 ms.
   */
  readonly connectTimeoutMs?: number;
  /**
   * The longest any query on the pool created from `connectionString` may take. Past it the
   * client gives up, fails with {@link MetastoreUnavailableError} and discards the connection,
   * even when the server or the network to it has stopped answering altogether (pg
   * `query_timeout`); a statement that is only slow is cancelled by the server a little earlier
   * (`statement_timeout`, at most 1 s sooner), failing with {@link MetastoreBusyError} and keeping
   * the connection; and the server ends a session left idle inside a transaction this long
   * (`idle_in_transaction_session_timeout`), so an instance cut off mid-transaction does not hold
   * its row locks. Migration statements are bounded too: give a large database's first open
   * after an upgrade more. `0` disables all three. Default 15000 ms.
   */
  readonly queryTimeoutMs?: number;
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
  /** Told as every call starts and when it settles (traces): see `CreateMetaStoreOptions`. */
  readonly onCallStart?: MetaStoreCallStartObserver | undefined;
}

/** Default of {@link OpenPostgresStoreOptions.poolSize}. */
export const DEFAULT_POSTGRES_POOL_SIZE = 10;
/** Default of {@link OpenPostgresStoreOptions.connectTimeoutMs}. */
export const DEFAULT_POSTGRES_CONNECT_TIMEOUT_MS = 5_000;
/** Default of {@link OpenPostgresStoreOptions.queryTimeoutMs}. */
export const DEFAULT_POSTGRES_QUERY_TIMEOUT_MS = 15_000;

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
 * @throws RangeError when `connectTimeoutMs` or `queryTimeoutMs` is not a non-negative integer.
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
        connectTimeoutMs: timeoutOption(
          options.connectTimeoutMs ?? DEFAULT_POSTGRES_CONNECT_TIMEOUT_MS,
          'connectTimeoutMs',
        ),
        queryTimeoutMs: timeoutOption(
          options.queryTimeoutMs ?? DEFAULT_POSTGRES_QUERY_TIMEOUT_MS,
          'queryTimeoutMs',
        ),
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
      onCallStart: options.onCallStart,
    });
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw mapPostgresError(error);
  }
}

function timeoutOption(ms: number, name: string): number {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`${name} must be a non-negative integer of milliseconds, got ${ms}`);
  }
  return ms;
}
