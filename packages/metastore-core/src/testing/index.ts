/**
 * `@strata/metastore-core/testing`: what suites of other packages need to run on both dialects
 * against real databases: a fresh store per test (a SQLite file, or a PostgreSQL schema behind a
 * latency proxy), the run's PostgreSQL, and a fault-injecting TCP proxy. Needs `vitest` and, for
 * PostgreSQL, `pg`.
 *
 * @example
 * ```ts
 * import { openTestStore, TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
 *
 * const postgres = await usePostgresTestDatabase();
 * for (const dialect of TEST_DIALECTS) {
 *   describe(dialect, () => {
 *     it('stores', async () => {
 *       await using test = await openTestStore(dialect, { dir, postgres });
 *       // test.store …
 *     });
 *   });
 * }
 * ```
 *
 * @module
 */
export {
  POSTGRES_TEST_URL,
  usePostgresTestDatabase,
  type PostgresTestDatabase,
} from './postgres-test-database.js';
export { startTcpProxy, type TcpProxy, type TcpProxyOptions } from './tcp-proxy.js';
export {
  DEFAULT_TEST_LATENCY_MS,
  openTestStore,
  TEST_DIALECTS,
  type OpenTestStoreOptions,
  type TestDialect,
  type TestStore,
} from './test-store.js';
