import type { Kysely, Migration } from 'kysely';

/**
 * An index on `write_intents (backend, blob)`: the cleanup claim (`claimDeletable`) proves, per
 * job, that no pending write intent names the job's blob, next to the `object_copies (backend,
 * blob)` lookup that already had its index. Without it each claimed job would scan the intents.
 */
export function createIntentBlobsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('write_intents_blob')
        .on('write_intents')
        .columns(['backend', 'blob'])
        .execute();
    },
  };
}
