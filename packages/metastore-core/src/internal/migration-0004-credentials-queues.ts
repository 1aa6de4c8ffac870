import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { DialectSchema } from '../dialect-adapter.js';

/**
 * Credentials (secrets sealed under the master key), store settings (the passphrase salt), the
 * replication queue and the event outbox. Both queues have the cleanup queue's job columns and
 * due index, so one helper claims, fails and dead-letters all three.
 */
export function createCredentialsAndQueuesMigration(schema: DialectSchema): Migration {
  const { byteOrderedText: keyText, bigint } = schema;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('credentials')
        .addColumn('access_key_id', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('buckets', 'text')
        .addColumn('secret_key_id', 'text', (c) => c.notNull())
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        .addColumn('created_at', bigint, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('credentials_owner')
        .on('credentials')
        .columns(['owner', 'access_key_id'])
        .execute();

      await db.schema
        .createTable('metastore_settings')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      await addJobColumns(
        schema,
        schema.addIdColumn(db.schema.createTable('replication_queue'), 'id'),
      )
        .addColumn('bucket', keyText, (c) => c.notNull())
        .addColumn('key', keyText, (c) => c.notNull())
        .addColumn('version_id', 'text', (c) => c.notNull())
        .addColumn('source_backend', 'text', (c) => c.notNull())
        .addColumn('target_backend', 'text', (c) => c.notNull())
        .addColumn('enqueued_at', bigint, (c) => c.notNull())
        .execute();
      // enqueue is idempotent per (bucket, key, version, target): ON CONFLICT DO NOTHING on this.
      await db.schema
        .createIndex('replication_queue_target')
        .on('replication_queue')
        .columns(['bucket', 'key', 'version_id', 'target_backend'])
        .unique()
        .execute();
      await createDueIndex(db, 'replication_queue');

      await addJobColumns(schema, schema.addIdColumn(db.schema.createTable('event_outbox'), 'id'))
        .addColumn('bucket', keyText, (c) => c.notNull())
        .addColumn('key', keyText, (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', bigint, (c) => c.notNull())
        .execute();
      await createDueIndex(db, 'event_outbox');
    },
  };
}

function addJobColumns<TB extends string, C extends string>(
  { bigint }: DialectSchema,
  table: CreateTableBuilder<TB, C>,
): CreateTableBuilder<TB, C> {
  return table
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', bigint, (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('state', 'text', (c) => c.notNull());
}

/** The claim query's index: due pending jobs in (due time, id) order. */
async function createDueIndex(db: Kysely<unknown>, table: string): Promise<void> {
  await db.schema
    .createIndex(`${table}_due`)
    .on(table)
    .columns(['state', 'next_attempt_at', 'id'])
    .execute();
}
