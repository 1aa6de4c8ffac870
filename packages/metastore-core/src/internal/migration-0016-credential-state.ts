import type { Kysely, Migration } from 'kysely';

/**
 * Managed access keys can be disabled without losing them: `credentials.disabled` (0 or 1,
 * default 0, so existing keys stay enabled).
 */
export function createCredentialStateMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('credentials')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
