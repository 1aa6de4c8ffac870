import { sql } from 'kysely';
import type { CreateTableBuilder, Expression, Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../database.js';
import type {
  DialectAdapter,
  DialectSchema,
  LockStrength,
  TransactionMode,
} from '../dialect-adapter.js';
import { MetastoreBusyError } from '../errors.js';
import { Mutex } from '../internal/mutex.js';
import type { DialectCapabilities } from '../store.js';
import { isSqliteBusy, mapSqliteError } from './sqlite-errors.js';

/** Options of {@link createSqliteAdapter}. */
export interface SqliteAdapterOptions {
  /** How long a write waits for another connection's write lock before {@link MetastoreBusyError}. Default 5000. */
  readonly busyTimeoutMs?: number;
}

/** Default of {@link SqliteAdapterOptions.busyTimeoutMs}. */
export const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 5000;

const SQLITE_SCHEMA: DialectSchema = {
  // The default BINARY collation compares UTF-8 bytes with memcmp: exactly S3 key order.
  byteOrderedText: 'text',
  bigint: 'integer',
  addIdColumn: <TB extends string, C extends string>(
    table: CreateTableBuilder<TB, C>,
    column: string,
  ) =>
    // AUTOINCREMENT: a deleted job's id is never handed to a new job, so a late `complete(id)`
    // from a worker whose lease ran out cannot delete someone else's job.
    table.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement()),
};

const BUSY = Symbol('busy');

/**
 * The SQLite adapter. Write transactions start with `BEGIN IMMEDIATE`, so the write lock is taken
 * up front and a read-then-write can never fail to upgrade (the SQLITE_BUSY deadlock of deferred
 * transactions). better-sqlite3 is synchronous, so SQLite's own busy handler would block the event
 * loop, and with it the very transaction (maybe in this process) that holds the lock; instead the
 * lock is retried asynchronously with backoff, and writers of this process queue on a mutex.
 */
class SqliteAdapter implements DialectAdapter {
  readonly capabilities: DialectCapabilities = Object.freeze({
    dialect: 'sqlite',
    supportsSkipLocked: false,
    supportsMultipleConnections: false,
    supportsAdvisoryLocks: false,
  });
  readonly schema = SQLITE_SCHEMA;
  readonly #writers = new Mutex();
  readonly #busyTimeoutMs: number;

  constructor(options: SqliteAdapterOptions) {
    this.#busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS;
  }

  transaction<T>(
    db: Kysely<Database>,
    mode: TransactionMode,
    fn: (trx: Kysely<Database>) => Promise<T>,
  ): Promise<T> {
    if (mode === 'read') return db.connection().execute((conn) => runInTransaction(conn, true, fn));
    return this.#writers.run(async () => {
      const deadline = Date.now() + this.#busyTimeoutMs;
      for (let attempt = 0; ; attempt++) {
        // The connection is released between attempts so this process's readers keep going.
        const outcome = await db.connection().execute(async (conn) => {
          if (!(await this.#beginImmediate(conn))) return BUSY;
          return { value: await runInTransaction(conn, false, fn) };
        });
        if (outcome !== BUSY) return outcome.value;
        if (Date.now() >= deadline) {
          throw new MetastoreBusyError(
            `SQLite write lock not acquired within ${this.#busyTimeoutMs} ms`,
          );
        }
        await sleep(backoffMs(attempt));
      }
    });
  }

  claimRows<DB, TB extends keyof DB, O>(
    query: SelectQueryBuilder<DB, TB, O>,
  ): SelectQueryBuilder<DB, TB, O> {
    return query;
  }

  lockRows<DB, TB extends keyof DB, O>(
    query: SelectQueryBuilder<DB, TB, O>,
    _strength: LockStrength,
  ): SelectQueryBuilder<DB, TB, O> {
    return query;
  }

  currentTimeMs(): Expression<number> {
    // julianday() has millisecond precision and works on every SQLite version; 2440587.5 is the
    // Julian day of the Unix epoch.
    return sql<number>`cast(round((julianday('now') - 2440587.5) * 86400000.0) as integer)`;
  }

  lockKey(_trx: Kysely<Database>, _bucket: string, _key: string): Promise<void> {
    return Promise.resolve();
  }

  prepareMigration(_trx: Kysely<Database>): Promise<void> {
    return Promise.resolve();
  }

  mapError(error: unknown): unknown {
    return mapSqliteError(error);
  }

  /** Tries `BEGIN IMMEDIATE` once without SQLite's blocking busy wait; false when locked. */
  async #beginImmediate(conn: Kysely<Database>): Promise<boolean> {
    await sql`pragma busy_timeout = 0`.execute(conn);
    try {
      await sql`begin immediate`.execute(conn);
      return true;
    } catch (error) {
      if (isSqliteBusy(error)) return false;
      throw error;
    } finally {
      await sql.raw(`pragma busy_timeout = ${this.#busyTimeoutMs}`).execute(conn);
    }
  }
}

/**
 * Runs `fn` then `commit`, rolling back when it throws. `begin` opens a deferred transaction first
 * (reads); writers have already begun one with `BEGIN IMMEDIATE`.
 */
async function runInTransaction<T>(
  conn: Kysely<Database>,
  begin: boolean,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (begin) await sql`begin`.execute(conn);
  try {
    const value = await fn(conn);
    await sql`commit`.execute(conn);
    return value;
  } catch (error) {
    // SQLite may already have rolled back (e.g. after SQLITE_FULL); the original error matters.
    await sql`rollback`.execute(conn).catch(() => undefined);
    throw error;
  }
}

function backoffMs(attempt: number): number {
  const ceiling = Math.min(50, 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Creates the SQLite {@link DialectAdapter}, for {@link createMetaStore} with a kysely instance
 * built on `SqliteDialect`. Use one adapter per store.
 */
export function createSqliteAdapter(options: SqliteAdapterOptions = {}): DialectAdapter {
  return new SqliteAdapter(options);
}
