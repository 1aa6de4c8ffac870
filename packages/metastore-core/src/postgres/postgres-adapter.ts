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
import type { DialectCapabilities } from '../store.js';
import { isRetryablePostgresError, mapPostgresError } from './postgres-errors.js';

/** Options of {@link createPostgresAdapter}. */
export interface PostgresAdapterOptions {
  /**
   * The schema the tables live in; it must be the one the kysely instance qualifies table names
   * with (`db.withSchema(schema)`). Created by the first migration when missing. Default `public`.
   */
  readonly schema?: string;
  /**
   * How many times a transaction runs in all when PostgreSQL rolls it back for a deadlock or a
   * serialization failure, before {@link MetastoreBusyError}. Default 5.
   */
  readonly maxAttempts?: number;
  /**
   * How long a statement waits for a row lock held by another transaction before the transaction
   * fails with {@link MetastoreBusyError} (`SET LOCAL lock_timeout`). Default 5000.
   */
  readonly lockTimeoutMs?: number;
}

/** Default of {@link PostgresAdapterOptions.schema}. */
export const DEFAULT_POSTGRES_SCHEMA = 'public';
/** Default of {@link PostgresAdapterOptions.lockTimeoutMs}. */
export const DEFAULT_POSTGRES_LOCK_TIMEOUT_MS = 5000;
const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * The PostgreSQL adapter. Write transactions run at READ COMMITTED and lock what they check
 * (`SELECT … FOR UPDATE` through `lockRows`), queue claims skip rows other claimers hold
 * (`FOR UPDATE SKIP LOCKED`), and read transactions see one snapshot (REPEATABLE READ, READ ONLY,
 * which never fails to serialize). READ COMMITTED rather than SERIALIZABLE: the sharded usage
 * counters are updated by many concurrent writers, and at READ COMMITTED a writer meeting another
 * on a counter row waits a moment instead of being rolled back and retried.
 */
class PostgresAdapter implements DialectAdapter {
  readonly capabilities: DialectCapabilities = Object.freeze({
    dialect: 'postgres',
    supportsSkipLocked: true,
    supportsMultipleConnections: true,
    supportsAdvisoryLocks: true,
  });
  readonly schema: DialectSchema;
  readonly #namespace: string;
  readonly #maxAttempts: number;
  readonly #begin: Record<TransactionMode, string>;

  constructor(options: PostgresAdapterOptions) {
    this.#namespace = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
    this.#maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
    const lockTimeout = Math.max(
      1,
      Math.floor(options.lockTimeoutMs ?? DEFAULT_POSTGRES_LOCK_TIMEOUT_MS),
    );
    // One round trip: without parameters, pg sends both statements in one simple query.
    const timeout = `set local lock_timeout = ${lockTimeout}`;
    this.#begin = {
      read: `begin isolation level repeatable read, read only; ${timeout}`,
      write: `begin isolation level read committed; ${timeout}`,
    };
    this.schema = {
      // Byte-wise comparison of the UTF-8 encoding: exactly S3 key order, whatever the
      // database's default collation.
      byteOrderedText: sql`text collate "C"`,
      bigint: 'bigint',
      namespace: this.#namespace,
      addIdColumn: <TB extends string, C extends string>(
        table: CreateTableBuilder<TB, C>,
        column: string,
      ) =>
        // An identity column draws from a sequence, which never hands out a value twice.
        table.addColumn(column, 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity()),
    };
  }

  async transaction<T>(
    db: Kysely<Database>,
    mode: TransactionMode,
    fn: (trx: Kysely<Database>) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db
          .connection()
          .execute((conn) => runInTransaction(conn, this.#begin[mode], fn));
      } catch (error) {
        if (!isRetryablePostgresError(error)) throw error;
        if (attempt >= this.#maxAttempts) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new MetastoreBusyError(
            `PostgreSQL transaction rolled back ${attempt} times: ${reason}`,
            { cause: error },
          );
        }
        await sleep(backoffMs(attempt));
      }
    }
  }

  claimRows<DB, TB extends keyof DB, O>(
    query: SelectQueryBuilder<DB, TB, O>,
  ): SelectQueryBuilder<DB, TB, O> {
    return query.forUpdate().skipLocked();
  }

  lockRows<DB, TB extends keyof DB, O>(
    query: SelectQueryBuilder<DB, TB, O>,
    strength: LockStrength,
  ): SelectQueryBuilder<DB, TB, O> {
    return strength === 'share' ? query.forShare() : query.forUpdate();
  }

  currentTimeMs(): Expression<number> {
    // clock_timestamp(), not now(): now() is frozen at the start of the transaction.
    return sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;
  }

  async lockKey(trx: Kysely<Database>, bucket: string, key: string): Promise<void> {
    // A bucket name holds no `/`; two keys whose strings hash alike only wait for each other.
    const name = `strata_key:${this.#namespace}/${bucket}/${key}`;
    await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(trx);
  }

  async prepareMigration(trx: Kysely<Database>): Promise<void> {
    // Held until the migration transaction ends: instances starting together migrate one at a
    // time, and the later ones find the work done. Keyed by schema, so that stores on different
    // schemas of one database do not wait for each other.
    await sql`select pg_advisory_xact_lock(hashtext(${`strata_migration:${this.#namespace}`}))`.execute(
      trx,
    );
    // Looked up first: CREATE SCHEMA IF NOT EXISTS checks the CREATE privilege on the database
    // even when the schema exists, which a least-privileged role may lack.
    const { rows } = await sql<{ found: number }>`
      select 1 as found from pg_namespace where nspname = ${this.#namespace}`.execute(trx);
    if (rows.length === 0) await sql`create schema ${sql.id(this.#namespace)}`.execute(trx);
  }

  mapError(error: unknown): unknown {
    return mapPostgresError(error);
  }
}

/** Runs `begin`, `fn`, then `commit`, rolling back when anything throws. */
async function runInTransaction<T>(
  conn: Kysely<Database>,
  begin: string,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  await sql.raw(begin).execute(conn);
  try {
    const value = await fn(conn);
    await sql`commit`.execute(conn);
    return value;
  } catch (error) {
    // The connection may be gone; the original error is what matters.
    await sql`rollback`.execute(conn).catch(() => undefined);
    throw error;
  }
}

function backoffMs(attempt: number): number {
  const ceiling = Math.min(100, 5 * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Creates the PostgreSQL {@link DialectAdapter}, for {@link createMetaStore} with a kysely
 * instance of your own on kysely's `PostgresDialect`, qualified with the same schema:
 *
 * ```ts
 * const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }).withSchema('strata');
 * const store = await createMetaStore({ db, adapter: createPostgresAdapter({ schema: 'strata' }) });
 * ```
 */
export function createPostgresAdapter(options: PostgresAdapterOptions = {}): DialectAdapter {
  return new PostgresAdapter(options);
}
