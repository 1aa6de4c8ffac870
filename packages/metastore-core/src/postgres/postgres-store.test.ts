import { describe, it } from 'vitest';
import { describeMetaStoreConformance } from '../testing/conformance.js';
import { usePostgresTestDatabase } from '../testing/postgres-test-database.js';
import { openPostgresStore } from './index.js';

const pg = await usePostgresTestDatabase();

if (pg.unreachable === undefined || process.env.CI) {
  describeMetaStoreConformance('postgres', ({ database, plugins, masterKey }) =>
    openPostgresStore({
      connectionString: pg.url,
      schema: pg.schemaFor(database),
      poolSize: 4,
      plugins,
      masterKey,
    }),
  );
} else {
  describe.skip(`PostgreSQL at ${pg.url} is unreachable (${pg.unreachable}); set CI to fail instead`, () => {
    it('runs the conformance suite', () => undefined);
  });
}
