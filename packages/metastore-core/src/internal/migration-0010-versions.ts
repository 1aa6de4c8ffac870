import type { Kysely, Migration } from 'kysely';
import type { DialectSchema } from '../dialect-adapter.js';

/**
 * Versioning: `objects.versioned` (1 when the current version has a real S3 version id, 0 for a
 * `null` version, so existing rows are null versions as S3 makes them when versioning is turned
 * on), and `object_versions`, the history of noncurrent versions and delete markers, ordered per
 * key by `seq`. A history version's copies are a JSON column: nothing else looks them up by
 * blob, since a history version's blobs are queued for deletion only in the transaction that
 * removes its row.
 */
export function createVersionsMigration(schema: DialectSchema): Migration {
  const { byteOrderedText: keyText, bigint } = schema;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('objects')
        .addColumn('versioned', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('object_versions')
        .addColumn('bucket', keyText, (c) => c.notNull())
        .addColumn('key', keyText, (c) => c.notNull())
        .addColumn('seq', bigint, (c) => c.notNull())
        .addColumn('version_id', 'text', (c) => c.notNull())
        .addColumn('versioned', 'integer', (c) => c.notNull())
        .addColumn('delete_marker', 'integer', (c) => c.notNull())
        .addColumn('owner', 'text')
        .addColumn('size', bigint, (c) => c.notNull())
        .addColumn('etag', 'text', (c) => c.notNull())
        .addColumn('last_modified', bigint, (c) => c.notNull())
        .addColumn('headers', 'text', (c) => c.notNull())
        .addColumn('user_metadata', 'text', (c) => c.notNull())
        .addColumn('checksums', 'text', (c) => c.notNull())
        .addColumn('checksum_type', 'text')
        .addColumn('storage_class', 'text', (c) => c.notNull())
        .addColumn('parts', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('encryption', 'text')
        .addColumn('copies', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('object_versions_pk', ['bucket', 'key', 'seq'])
        .execute();
      // GET/DELETE ?versionId= find one version of a key.
      await db.schema
        .createIndex('object_versions_id')
        .on('object_versions')
        .columns(['bucket', 'key', 'version_id'])
        .execute();
    },
  };
}
