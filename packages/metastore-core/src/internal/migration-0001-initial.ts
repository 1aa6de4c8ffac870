import type { Kysely, Migration } from 'kysely';
import type { DialectSchema } from '../dialect-adapter.js';

/**
 * The initial schema. Keys use the dialect's byte-ordered text so `ORDER BY key` is S3's UTF-8
 * byte order; times are integer milliseconds; JSON is stored as text.
 */
export function createInitialMigration(schema: DialectSchema): Migration {
  const { byteOrderedText: keyText, bigint } = schema;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('buckets')
        .addColumn('name', keyText, (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addColumn('versioning', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('buckets_owner')
        .on('buckets')
        .columns(['owner', 'name'])
        .execute();

      await db.schema
        .createTable('objects')
        .addColumn('bucket', keyText, (c) => c.notNull())
        .addColumn('key', keyText, (c) => c.notNull())
        .addColumn('version_id', 'text', (c) => c.notNull())
        .addColumn('size', bigint, (c) => c.notNull())
        .addColumn('etag', 'text', (c) => c.notNull())
        .addColumn('last_modified', bigint, (c) => c.notNull())
        .addColumn('headers', 'text', (c) => c.notNull())
        .addColumn('user_metadata', 'text', (c) => c.notNull())
        .addColumn('checksums', 'text', (c) => c.notNull())
        .addColumn('checksum_type', 'text')
        .addColumn('storage_class', 'text', (c) => c.notNull())
        .addColumn('parts', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('objects_pk', ['bucket', 'key'])
        .execute();

      await db.schema
        .createTable('object_copies')
        .addColumn('bucket', keyText, (c) => c.notNull())
        .addColumn('key', keyText, (c) => c.notNull())
        .addColumn('version_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('backend', 'text', (c) => c.notNull())
        .addColumn('blob', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('object_copies_pk', ['bucket', 'key', 'position'])
        .addForeignKeyConstraint(
          'object_copies_object_fk',
          ['bucket', 'key'],
          'objects',
          ['bucket', 'key'],
          (fk) => fk.onDelete('cascade'),
        )
        .execute();
      // isBlobReferenced: the reaper and cleanup worker ask "does anything still point here?"
      await db.schema
        .createIndex('object_copies_blob')
        .on('object_copies')
        .columns(['backend', 'blob'])
        .execute();

      await db.schema
        .createTable('write_intents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('backend', 'text', (c) => c.notNull())
        .addColumn('blob', 'text', (c) => c.notNull())
        .addColumn('bucket', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('expires_at', bigint, (c) => c.notNull())
        .addColumn('backend_upload_id', 'text')
        .execute();
      await db.schema
        .createIndex('write_intents_expiry')
        .on('write_intents')
        .columns(['expires_at'])
        .execute();

      await createUploadTables(db, schema);
      await createQueueAndUsageTables(db, schema);
    },
  };
}

async function createUploadTables(
  db: Kysely<unknown>,
  { byteOrderedText: keyText, bigint }: DialectSchema,
) {
  await db.schema
    .createTable('multipart_uploads')
    .addColumn('upload_id', 'text', (c) => c.primaryKey())
    .addColumn('bucket', keyText, (c) => c.notNull())
    .addColumn('key', keyText, (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('initiated_at', bigint, (c) => c.notNull())
    .addColumn('backend', 'text', (c) => c.notNull())
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('backend_upload_id', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('user_metadata', 'text', (c) => c.notNull())
    .addColumn('storage_class', 'text', (c) => c.notNull())
    .addColumn('checksum_algorithm', 'text')
    .addColumn('checksum_type', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('completed_etag', 'text')
    .addColumn('completed_version_id', 'text')
    .addColumn('completed_at', bigint)
    .execute();
  // ListMultipartUploads order: key, then initiation time, then upload id.
  await db.schema
    .createIndex('multipart_uploads_listing')
    .on('multipart_uploads')
    .columns(['bucket', 'state', 'key', 'initiated_at', 'upload_id'])
    .execute();
  await db.schema
    .createIndex('multipart_uploads_stale')
    .on('multipart_uploads')
    .columns(['state', 'initiated_at'])
    .execute();

  await db.schema
    .createTable('upload_parts')
    .addColumn('upload_id', 'text', (c) => c.notNull())
    .addColumn('part_number', 'integer', (c) => c.notNull())
    .addColumn('size', bigint, (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('last_modified', bigint, (c) => c.notNull())
    .addColumn('checksums', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('upload_parts_pk', ['upload_id', 'part_number'])
    .addForeignKeyConstraint(
      'upload_parts_upload_fk',
      ['upload_id'],
      'multipart_uploads',
      ['upload_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
}

async function createQueueAndUsageTables(db: Kysely<unknown>, schema: DialectSchema) {
  const { bigint } = schema;
  await schema
    .addIdColumn(db.schema.createTable('cleanup_queue'), 'id')
    .addColumn('backend', 'text', (c) => c.notNull())
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('size', bigint, (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('backend_upload_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', bigint, (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('enqueued_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('cleanup_queue_due')
    .on('cleanup_queue')
    .columns(['state', 'next_attempt_at', 'id'])
    .execute();

  // Sharded counters: each write adds its deltas to a random shard, so concurrent writers do not
  // all update one hot row (a single usage row would serialize every write on its lock).
  await db.schema
    .createTable('usage_shards')
    .addColumn('backend', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('shard', 'integer', (c) => c.notNull())
    .addColumn('bytes', bigint, (c) => c.notNull())
    .addColumn('objects', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_shards_pk', ['backend', 'bucket', 'shard'])
    .execute();
  await db.schema
    .createTable('bucket_usage_shards')
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('shard', 'integer', (c) => c.notNull())
    .addColumn('bytes', bigint, (c) => c.notNull())
    .addColumn('objects', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('bucket_usage_shards_pk', ['bucket', 'shard'])
    .execute();
}
