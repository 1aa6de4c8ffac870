import type { PostgresPool } from 'kysely';
import type Pg from 'pg';
import { MetastoreUnavailableError } from '../errors.js';

/**
 * The part of a pg `Pool` the store uses (kysely's `PostgresPool`: `connect()` and `end()`),
 * typed structurally so that `pg` stays an optional peer dependency. A `new pg.Pool(…)` fits.
 */
export type PgPoolLike = PostgresPool;

/** Settings of a pool the store creates and owns. */
export interface OwnedPoolConfig {
  readonly connectionString: string;
  readonly max: number;
  readonly connectTimeoutMs: number;
}

/**
 * Creates a pg `Pool` (pg loaded on demand). Idle connections that break (a server restart, a
 * network cut) make a pool emit `error`, which would crash the process without a listener; the
 * pool drops such connections itself, and the next query opens a new one or fails with a
 * {@link MetastoreUnavailableError}, so the event is deliberately ignored here.
 *
 * @throws {@link MetastoreUnavailableError} when pg is not installed.
 */
export async function createOwnedPool(config: OwnedPoolConfig): Promise<PgPoolLike> {
  let driver: typeof Pg;
  try {
    // The default export is pg's CommonJS module.exports, present in every pg 8 release.
    driver = (await import('pg')).default;
  } catch (error) {
    throw new MetastoreUnavailableError('a PostgreSQL metastore needs pg: npm install pg', {
      cause: error,
    });
  }
  const pool = new driver.Pool({
    connectionString: config.connectionString,
    max: config.max,
    // Without it a black-holed server makes every request hang until the TCP timeout.
    connectionTimeoutMillis: config.connectTimeoutMs,
    application_name: 'strata-metastore',
  });
  pool.on('error', ignore);
  return pool;
}

/**
 * Wraps a pool for kysely. `end()` ends only a pool the store owns: kysely ends the pool it was
 * given on `destroy()`, but a borrowed pool belongs to whoever created it. And every client gets
 * an `error` listener when checked out: pg emits `error` on a checked-out client whose connection
 * dies between queries (a server restart, `pg_terminate_backend`), and with no listener that
 * would crash the process. The error is not lost: the client's next query fails with it, which
 * maps to {@link MetastoreUnavailableError}, and the pool discards the client when released.
 */
export function guardPool(pool: PgPoolLike, owned: boolean): PgPoolLike {
  const guarded = new WeakSet<object>();
  return {
    async connect() {
      const client = await pool.connect();
      if (!guarded.has(client) && hasOn(client)) {
        client.on('error', ignore);
        guarded.add(client);
      }
      return client;
    },
    end: () => (owned ? pool.end() : Promise.resolve()),
  };
}

function hasOn(
  client: object,
): client is { on(event: 'error', listener: (error: unknown) => void): unknown } {
  return 'on' in client && typeof client.on === 'function';
}

function ignore(): void {}
