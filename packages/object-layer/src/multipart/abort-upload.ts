import type { LayerContext } from '../internal/context.js';
import { noSuchUpload } from '../internal/s3-errors.js';
import { loadActiveUpload, type UploadRef } from './load-upload.js';

/**
 * AbortMultipartUpload: removes the upload and its parts and queues the backend upload for
 * cleanup in one transaction, then aborts the backend upload right away (best effort; the
 * cleanup job retries it).
 *
 * @throws S3Error NoSuchUpload (unknown, completed, or another key's upload), NoSuchBucket.
 */
export async function abortMultipartUpload(ctx: LayerContext, ref: UploadRef): Promise<void> {
  const upload = await loadActiveUpload(ctx.store, ref);
  // Row, parts and the cleanup job go together; nothing active any more means a concurrent
  // Abort or Complete got there first.
  if (!(await ctx.store.uploads.retire(upload.uploadId, 'aborted'))) {
    throw noSuchUpload(upload.uploadId);
  }
  try {
    await ctx.backend(upload.backend).abortMultipart(upload.blob, upload.backendUploadId);
  } catch {
    // The queued cleanup job aborts it later.
  }
}
