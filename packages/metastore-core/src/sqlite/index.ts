/**
 * The SQLite dialect of the metastore, on better-sqlite3 (an optional peer dependency):
 * `openSqliteStore` for a ready store, or `createSqliteAdapter` to pass to `createMetaStore` with
 * a kysely instance of your own.
 *
 * @module
 */
export { openSqliteStore } from './sqlite-store.js';
export type { OpenSqliteStoreOptions } from './sqlite-store.js';
export { createSqliteAdapter, DEFAULT_SQLITE_BUSY_TIMEOUT_MS } from './sqlite-adapter.js';
export type { SqliteAdapterOptions } from './sqlite-adapter.js';
export type { BetterSqlite3DatabaseLike } from './sqlite-database.js';
export { mapSqliteError } from './sqlite-errors.js';
