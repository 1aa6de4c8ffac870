/**
 * The PostgreSQL dialect of the metastore, on pg (an optional peer dependency):
 * `openPostgresStore` for a ready store from a connection string or a pg `Pool`, or
 * `createPostgresAdapter` to pass to `createMetaStore` with a kysely instance of your own.
 *
 * @example
 * ```ts
 * import { openPostgresStore } from '@strata/metastore-core/postgres';
 *
 * await using store = await openPostgresStore({ connectionString: process.env.DATABASE_URL! });
 * console.log(await store.buckets.list());
 * ```
 *
 * @module
 */
export {
  openPostgresStore,
  DEFAULT_POSTGRES_CONNECT_TIMEOUT_MS,
  DEFAULT_POSTGRES_POOL_SIZE,
  DEFAULT_POSTGRES_QUERY_TIMEOUT_MS,
} from './postgres-store.js';
export type { OpenPostgresStoreOptions } from './postgres-store.js';
export {
  createPostgresAdapter,
  DEFAULT_POSTGRES_LOCK_TIMEOUT_MS,
  DEFAULT_POSTGRES_SCHEMA,
} from './postgres-adapter.js';
export type { PostgresAdapterOptions } from './postgres-adapter.js';
export type { PgPoolLike } from './postgres-pool.js';
export { mapPostgresError } from './postgres-errors.js';
