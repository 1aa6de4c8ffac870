import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { MetaStore } from '../store.js';
import { openPostgresStore } from '../postgres/index.js';
import { openSqliteStore } from '../sqlite/index.js';
import type { PostgresTestDatabase } from './postgres-test-database.js';
import { startTcpProxy } from './tcp-proxy.js';

/** The dialects every suite that touches the metastore runs on. */
export const TEST_DIALECTS = ['sqlite', 'postgres'] as const;
/** One of {@link TEST_DIALECTS}. */
export type TestDialect = (typeof TEST_DIALECTS)[number];

/** Latency the PostgreSQL test stores see each way, unless a test asks for another. */
export const DEFAULT_TEST_LATENCY_MS = 2;

/** Options of {@link openTestStore}. */
export interface OpenTestStoreOptions {
  /** A directory of the test's own (the SQLite file goes there). */
  readonly dir: string;
  /** The run's PostgreSQL (from `usePostgresTestDatabase`); required for `postgres`. */
  readonly postgres?: PostgresTestDatabase;
  /** Added each way between the store and PostgreSQL. Default {@link DEFAULT_TEST_LATENCY_MS}. */
  readonly latencyMs?: number;
}

/** A store for one test; `close()` also stops the latency proxy. */
export interface TestStore extends AsyncDisposable {
  readonly store: MetaStore;
  /** `postgres://…?schema=…` through the latency proxy (PostgreSQL only), for a child process. */
  readonly url: string | undefined;
  close(): Promise<void>;
}

/**
 * Opens a fresh, empty store of `dialect`: a SQLite file in `dir`, or a new schema of the run's
 * PostgreSQL reached through a loopback proxy that delays every packet, so that each await on
 * the database really waits as it would across a network.
 */
export async function openTestStore(
  dialect: TestDialect,
  options: OpenTestStoreOptions,
): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const store = await openSqliteStore({ database: join(options.dir, 'meta.db') });
    const close = () => store.close();
    return { store, url: undefined, close, [Symbol.asyncDispose]: close };
  }
  const pg = options.postgres;
  if (pg === undefined) throw new Error('openTestStore(postgres) needs the run’s PostgreSQL');
  const upstream = new URL(pg.url);
  const proxy = await startTcpProxy(upstream.hostname, Number(upstream.port || 5432), {
    latencyMs: options.latencyMs ?? DEFAULT_TEST_LATENCY_MS,
  });
  upstream.host = `127.0.0.1:${proxy.port}`;
  const schema = pg.schemaFor(`s_${randomBytes(6).toString('hex')}`);
  const store = await openPostgresStore({
    connectionString: upstream.toString(),
    schema,
    poolSize: 4,
  }).catch(async (error: unknown) => {
    await proxy.close();
    throw error;
  });
  const url = new URL(upstream);
  url.searchParams.set('schema', schema);
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await store.close();
      await proxy.close();
    })());
  return { store, url: url.toString(), close, [Symbol.asyncDispose]: close };
}
