import type { Kysely, Migration } from 'kysely';

/**
 * Encryption at rest: how each current version is stored encrypted (`objects.encryption`, a
 * JSON `ObjectEncryption`), the same for the object a multipart upload will make
 * (`multipart_uploads.encryption`), each encrypted part's segment salt (`upload_parts.salt`) and
 * a bucket's default encryption (`buckets.encryption`, a JSON `BucketEncryption`). NULL is
 * plaintext, or no default, so existing rows need no rewrite.
 */
export function createEncryptionMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of ['objects', 'multipart_uploads', 'buckets']) {
        await db.schema.alterTable(table).addColumn('encryption', 'text').execute();
      }
      await db.schema.alterTable('upload_parts').addColumn('salt', 'text').execute();
    },
  };
}
