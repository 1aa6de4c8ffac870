import type { Kysely, Migration } from 'kysely';
import type { DialectSchema } from '../dialect-adapter.js';

/**
 * Copies by backend and monthly backend traffic. The index on `object_copies (backend, bucket,
 * key)` lets `listByBackend` walk one backend's objects in (bucket, key) order page by page (the
 * older `(backend, blob)` index answers `isBlobReferenced` but not that order). And
 * `backend_usage_shards` holds each backend's requests, egress and ingress per month (`period`,
 * `YYYY-MM`), spread over shard rows like the storage usage counters.
 */
export function createBackendCopiesAndUsageMigration({ bigint }: DialectSchema): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('object_copies_backend_key')
        .on('object_copies')
        .columns(['backend', 'bucket', 'key'])
        .execute();

      await db.schema
        .createTable('backend_usage_shards')
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('backend', 'text', (c) => c.notNull())
        .addColumn('shard', 'integer', (c) => c.notNull())
        .addColumn('requests', bigint, (c) => c.notNull())
        .addColumn('egress_bytes', bigint, (c) => c.notNull())
        .addColumn('ingress_bytes', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('backend_usage_shards_pk', ['period', 'backend', 'shard'])
        .execute();
    },
  };
}
