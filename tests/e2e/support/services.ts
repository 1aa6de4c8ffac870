import { connect } from 'node:net';
import pg from 'pg';

/** The machine's PostgreSQL, as the suites that need it reach it. */
export const TEST_POSTGRES_URL =
  process.env.STRATA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The machine's Redis, as the suites that need it reach it. */
export const TEST_REDIS_URL = process.env.STRATA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Connects to PostgreSQL once, so a suite that needs it fails (never skips) when it is down.
 *
 * @throws Error saying where it looked.
 */
export async function probePostgres(url: string = TEST_POSTGRES_URL): Promise<void> {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.query('select 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${url} is unreachable (set STRATA_TEST_POSTGRES_URL): ${String(error)}`,
    );
  } finally {
    await probe.end().catch(() => undefined);
  }
}

/**
 * Sends Redis a PING once, so a suite that needs it fails (never skips) when it is down.
 *
 * @throws Error saying where it looked.
 */
export async function probeRedis(url: string = TEST_REDIS_URL): Promise<void> {
  const redis = new URL(url);
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: redis.hostname, port: Number(redis.port || 6379) });
    socket.setTimeout(2_000, () => socket.destroy(new Error('no answer within 2 s')));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString('utf8'));
    });
    socket.once('error', reject);
  }).catch((error: unknown) => `error: ${String(error)}`);
  if (!answer.startsWith('+PONG')) {
    throw new Error(`Redis at ${url} is unreachable (set STRATA_TEST_REDIS_URL): ${answer.trim()}`);
  }
}

/**
 * Probes {@link TEST_POSTGRES_URL}, then {@link TEST_REDIS_URL}: what a suite of gateways sharing
 * a schema and Redis needs. Give it to a test of its own, outside the suite's `describe`, so a
 * missing service counts as a failed test (the suite's own tests, whose hooks then fail, are only
 * reported as not run). It takes no parameters, so vitest's test context cannot land in one.
 *
 * @throws Error naming the first service that did not answer and where it looked.
 */
export async function probePostgresAndRedis(): Promise<void> {
  await probePostgres(TEST_POSTGRES_URL);
  await probeRedis(TEST_REDIS_URL);
}

/**
 * Drops `schema` and everything in it, if it exists (a suite's own schema, once its gateways
 * have stopped). The name is quoted, so it is taken as it is written.
 *
 * @throws the driver's error when PostgreSQL is unreachable or refuses the statement.
 */
export async function dropSchema(schema: string, url: string = TEST_POSTGRES_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
