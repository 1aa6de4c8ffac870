import type {
  ColumnDataType,
  CreateTableBuilder,
  Expression,
  Kysely,
  SelectQueryBuilder,
} from 'kysely';
import type { Database } from './database.js';
import type { DialectCapabilities } from './store.js';

/** Modes of {@link DialectAdapter.transaction}. */
export const TRANSACTION_MODES = ['read', 'write'] as const;
/** `read`: a consistent snapshot; `write`: holds the write lock from the start. */
export type TransactionMode = (typeof TRANSACTION_MODES)[number];

/** Strengths of {@link DialectAdapter.lockRows}. */
export const LOCK_STRENGTHS = ['update', 'share'] as const;
/**
 * `update`: no other transaction may change, delete or lock the rows (`FOR UPDATE`); `share`:
 * others may read-lock them too, but not change or delete them (`FOR SHARE`).
 */
export type LockStrength = (typeof LOCK_STRENGTHS)[number];

/**
 * The few things that differ between databases. The core (repositories, listing, migrations) is
 * written once against kysely; a dialect supplies one of these (kysely's own adapter pattern).
 */
export interface DialectAdapter {
  readonly capabilities: DialectCapabilities;

  /** Column types and DDL pieces the schema migration needs. */
  readonly schema: DialectSchema;

  /**
   * Runs `fn` in one transaction on one connection, commits when it resolves and rolls back when it
   * throws. `write` transactions take the write lock up front (SQLite `BEGIN IMMEDIATE`) so a
   * read-check-write inside is atomic; `read` transactions give a consistent snapshot. The `trx`
   * handed to `fn` is a connection-bound `Kysely` (not a kysely `Transaction`): the migrator opens
   * `connection()` on it.
   */
  transaction<T>(
    db: Kysely<Database>,
    mode: TransactionMode,
    fn: (trx: Kysely<Database>) => Promise<T>,
  ): Promise<T>;

  /**
   * Makes a select claim its rows until the transaction ends, skipping rows another transaction
   * claimed (`FOR UPDATE SKIP LOCKED` on PostgreSQL). SQLite returns it unchanged: a write
   * transaction already excludes every other writer.
   */
  claimRows<DB, TB extends keyof DB, O>(
    query: SelectQueryBuilder<DB, TB, O>,
  ): SelectQueryBuilder<DB, TB, O>;

  /**
   * Makes a select lock the rows it returns until the transaction ends, waiting for other holders
   * (`FOR UPDATE` / `FOR SHARE` on PostgreSQL). A read-check-write locks the row it checks, so a
   * concurrent writer waits and then sees the committed result instead of racing. SQLite returns
   * the query unchanged: a write transaction already excludes every other writer.
   */
  lockRows<DB, TB extends keyof DB, O>(
    query: SelectQueryBuilder<DB, TB, O>,
    strength: LockStrength,
  ): SelectQueryBuilder<DB, TB, O>;

  /**
   * The database's current time in integer milliseconds since the epoch, as a SQL expression.
   * Leases use it so that every instance measures expiry on one clock.
   */
  currentTimeMs(): Expression<number>;

  /**
   * Serializes the transactions that change one key's versions, until the calling transaction
   * ends: a version moved between `objects` and the history, or a history row removed, is read
   * and acted on by one of them at a time (PostgreSQL: `pg_advisory_xact_lock` on a hash of the
   * schema, bucket and key; a collision only makes two keys wait for each other). SQLite does
   * nothing: a write transaction already excludes every other writer.
   */
  lockKey(trx: Kysely<Database>, bucket: string, key: string): Promise<void>;

  /**
   * Runs first inside the migration transaction: serializes migrators that start at the same time
   * in several processes (PostgreSQL: `pg_advisory_xact_lock`, then `CREATE SCHEMA IF NOT EXISTS`)
   * before anything looks at the schema. SQLite does nothing: `BEGIN IMMEDIATE` already did it.
   */
  prepareMigration(trx: Kysely<Database>): Promise<void>;

  /**
   * Turns a driver error into {@link MetastoreBusyError} or {@link MetastoreUnavailableError};
   * returns any other error unchanged.
   */
  mapError(error: unknown): unknown;
}

/** A column type: a kysely type name or a raw SQL type (`sql\`text collate "C"\``). */
export type DataTypeExpression = ColumnDataType | Expression<unknown>;

/** DDL pieces that differ between dialects. */
export interface DialectSchema {
  /**
   * A text type that compares by UTF-8 bytes, as S3 key order requires (SQLite's default BINARY
   * collation; `text COLLATE "C"` on PostgreSQL).
   */
  readonly byteOrderedText: DataTypeExpression;
  /** A 64-bit integer type (times in milliseconds, byte counts). */
  readonly bigint: DataTypeExpression;
  /**
   * The database schema (PostgreSQL namespace) the tables live in, when the kysely instance
   * qualifies table names with one (`db.withSchema(…)`); the migrator keeps its own tables there.
   */
  readonly namespace?: string | undefined;
  /** Adds an auto-incrementing integer primary key whose values are never reused. */
  addIdColumn<TB extends string, C extends string>(
    table: CreateTableBuilder<TB, C>,
    column: string,
  ): CreateTableBuilder<TB, C>;
}
