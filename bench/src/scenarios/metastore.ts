import { POSTGRES_URL } from '../inproc/postgres-url.js';
import type { Scenario } from './scenario.js';

/**
 * In-process: `@strata/metastore-core` on SQLite (a temp file) and PostgreSQL (a fresh schema),
 * side by side in one run. (a) Object commits per second (`objects.put` of fresh keys, one copy)
 * at 1 and 32 concurrent writers, with usage accounting as shipped and with its two upserts
 * replaced by empty inserts through a kysely plugin (the package has no switch), and the time
 * the upserts take inside the commit. (b) Milliseconds per 1000-key page at 10 k keys and at a
 * big N. (c) A delimiter walk over N keys in N/100 prefixes.
 */
export const metastore: Scenario = {
  name: 'metastore',
  title: 'Metastore: object commits and listing pages on SQLite and PostgreSQL, in-process',
  targets: [],
  inProcess: [
    { name: 'sqlite', description: 'openSqliteStore on a temp file (WAL, synchronous=NORMAL)' },
    { name: 'postgres', description: `openPostgresStore at ${POSTGRES_URL}, a fresh schema` },
  ],
  async run(ctx) {
    const { runMetastore } = await import('../inproc/run-metastore.js');
    await runMetastore(ctx);
  },
};
