import type { Kysely, Migration } from 'kysely';

/**
 * Indexes for the multipart upload look-ups added after `0001_initial`: completed uploads by
 * completion time (the retention purge, `listCompleted`) and uploads by their backend-native
 * upload id (a backend's sweep of orphaned uploads, `hasBackendUpload`).
 */
export function createUploadLookupsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('multipart_uploads_completed')
        .on('multipart_uploads')
        .columns(['state', 'completed_at'])
        .execute();
      await db.schema
        .createIndex('multipart_uploads_backend_upload')
        .on('multipart_uploads')
        .columns(['backend', 'backend_upload_id'])
        .execute();
    },
  };
}
