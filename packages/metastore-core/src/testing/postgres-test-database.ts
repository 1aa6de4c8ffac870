import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/** Where the PostgreSQL tests connect: `STRATA_TEST_POSTGRES_URL`, or the machine's own server. */
export const POSTGRES_TEST_URL =
  process.env.STRATA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The schemas of one test file run, all dropped when the file ends. */
export interface PostgresTestDatabase {
  readonly url: string;
  /** Why PostgreSQL cannot be used, or `undefined` when it answered. */
  readonly unreachable: string | undefined;
  /** A schema name of this run for `name` (same name, same schema); not created yet. */
  schemaFor(name: string): string;
  /** A pool for the test's own raw SQL, ended with the run. */
  readonly admin: pg.Pool;
}

/**
 * Probes PostgreSQL and prepares a run-unique schema prefix (`strata_test_<random>_`). Call at the
 * top level of a test file. When PostgreSQL does not answer: with `CI` set, a `beforeAll` throws,
 * failing every test of the file; otherwise the caller should skip, saying why.
 */
export async function usePostgresTestDatabase(): Promise<PostgresTestDatabase> {
  const admin = new pg.Pool({ connectionString: POSTGRES_TEST_URL, max: 2 });
  admin.on('error', () => undefined);
  let unreachable: string | undefined;
  try {
    await admin.query('select 1');
  } catch (error) {
    unreachable = error instanceof Error ? error.message || String(error) : String(error);
  }
  const prefix = `strata_test_${randomBytes(4).toString('hex')}_`;
  beforeAll(() => {
    if (unreachable !== undefined && process.env.CI) {
      throw new Error(
        `PostgreSQL at ${POSTGRES_TEST_URL} is unreachable and CI is set: ${unreachable}`,
      );
    }
  });
  afterAll(async () => {
    if (unreachable === undefined) {
      const { rows } = await admin.query<{ nspname: string }>(
        'select nspname from pg_namespace where starts_with(nspname, $1)',
        [prefix],
      );
      for (const { nspname } of rows) {
        await admin.query(`drop schema ${pg.escapeIdentifier(nspname)} cascade`);
      }
    }
    await admin.end();
  });
  return {
    url: POSTGRES_TEST_URL,
    unreachable,
    admin,
    schemaFor: (name) => `${prefix}${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`,
  };
}
