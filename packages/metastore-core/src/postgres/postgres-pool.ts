import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type Pg from 'pg';
import { MetastoreUnavailableError } from '../errors.js';
import { mapPostgresError } from './postgres-errors.js';

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
  /** Client-side bound on every query; 0 for none. */
  readonly queryTimeoutMs: number;
}

/** TCP keepalive probes start after a connection has been idle this long. */
const KEEPALIVE_DELAY_MS = 10_000;
/** How much earlier than the client gives up the server cancels a statement (at most). */
const STATEMENT_TIMEOUT_MARGIN_MS = 1_000;

/**
 * Creates a pg `Pool` (pg loaded on demand) that cannot hang on a server that stops answering:
 *
 * - `connectionTimeoutMillis`: connecting (or waiting for a free connection) gives up after
 *   `connectTimeoutMs`.
 * - `query_timeout`: the client gives up on any query after `queryTimeoutMs`, even when the
 *   server (or the network to it) never answers; {@link guardPool} then discards the connection.
 * - `statement_timeout`, a little shorter: a statement that is merely slow on a healthy server is
 *   cancelled by the server first (SQLSTATE 57014, retryable), keeping the connection.
 * - `idle_in_transaction_session_timeout`: a session whose client vanished mid-transaction (its
 *   `COMMIT` or `ROLLBACK` will never arrive) is ended by the server after `queryTimeoutMs`,
 *   releasing its row locks for the other instances, instead of holding them until the server's
 *   own TCP timeout (hours).
 * - TCP keepalive, so that idle connections to a vanished host are eventually detected.
 *
 * Idle connections that break (a server restart, a network cut) make a pool emit `error`, which
 * would crash the process without a listener; the pool drops such connections itself, and the
 * next query opens a new one or fails with a {@link MetastoreUnavailableError}, so the event is
 * deliberately ignored here.
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
  const { queryTimeoutMs } = config;
  const timeouts =
    queryTimeoutMs > 0
      ? {
          query_timeout: queryTimeoutMs,
          statement_timeout:
            queryTimeoutMs - Math.min(STATEMENT_TIMEOUT_MARGIN_MS, Math.floor(queryTimeoutMs / 5)),
          idle_in_transaction_session_timeout: queryTimeoutMs,
        }
      : {};
  const pool = new driver.Pool({
    connectionString: config.connectionString,
    max: config.max,
    connectionTimeoutMillis: config.connectTimeoutMs,
    ...timeouts,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    application_name: 'strata-metastore',
  });
  pool.on('error', ignore);
  return pool;
}

/**
 * Wraps a pool for kysely. `end()` ends only a pool the store owns: kysely ends the pool it was
 * given on `destroy()`, but a borrowed pool belongs to whoever created it. Every client gets an
 * `error` listener when checked out: pg emits `error` on a checked-out client whose connection
 * dies between queries (a server restart, `pg_terminate_backend`), and with no listener that
 * would crash the process. The error is not lost: the client's next query fails with it, which
 * maps to {@link MetastoreUnavailableError}. And kysely gets each client behind a
 * {@link GuardedClient}, which discards a connection that failed that way instead of pooling it.
 */
export function guardPool(pool: PgPoolLike, owned: boolean): PgPoolLike {
  const guarded = new WeakMap<object, GuardedClient>();
  return {
    async connect() {
      const client: DiscardableClient = await pool.connect();
      let guard = guarded.get(client);
      if (guard === undefined) {
        if (hasOn(client)) client.on('error', ignore);
        guard = new GuardedClient(client);
        guarded.set(client, guard);
      }
      return guard;
    },
    end: () => (owned ? pool.end() : Promise.resolve()),
  };
}

/** A pooled pg client: `release(error)` makes the pool destroy it instead of keeping it. */
interface DiscardableClient extends PostgresPoolClient {
  release(error?: Error | boolean): void;
}

/**
 * A checked-out client that is never pooled again once a query on it failed for want of a
 * working connection (anything {@link mapPostgresError} calls unavailable). pg itself discards a
 * client whose socket closed, but not one whose query hit `query_timeout`: that client stays
 * "connected", its abandoned query still in flight, so the next query would wait behind it, and
 * a late answer could be taken for the next query's. So from the first such failure every
 * further query on it fails at once with the same error (the transaction's `ROLLBACK` does not
 * wait out a second timeout), and `release()` tells the pool to destroy it. The server rolls back
 * the transaction that was open when the connection ends, or, if the close never reaches it,
 * when `idle_in_transaction_session_timeout` does (see {@link createOwnedPool}).
 */
class GuardedClient implements PostgresPoolClient {
  readonly #client: DiscardableClient;
  #failure: Error | undefined;

  constructor(client: DiscardableClient) {
    this.#client = client;
  }

  query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters: readonly unknown[] = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // kysely streams through a cursor only when the dialect has one configured; ours has none.
    if (typeof sqlOrCursor !== 'string') return this.#client.query(sqlOrCursor);
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return this.#client.query<R>(sqlOrCursor, parameters).catch((error: unknown) => {
      if (
        this.#failure === undefined &&
        mapPostgresError(error) instanceof MetastoreUnavailableError
      ) {
        this.#failure = error instanceof Error ? error : new Error(String(error));
      }
      throw error;
    });
  }

  release(): void {
    this.#client.release(this.#failure ?? false);
  }
}

function hasOn(
  client: object,
): client is { on(event: 'error', listener: (error: unknown) => void): unknown } {
  return 'on' in client && typeof client.on === 'function';
}

function ignore(): void {}
