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
  await ctx.store.transaction(async (tx) => {
    const fresh = await tx.uploads.get(upload.uploadId);
    if (fresh?.state !== 'active') throw noSuchUpload(upload.uploadId);
    const parts = await tx.uploads.parts(upload.uploadId);
    await tx.uploads.delete(upload.uploadId);
    await tx.cleanup.enqueue({
      backend: upload.backend,
      blob: upload.blob,
      size: parts.reduce((sum, part) => sum + part.size, 0),
      reason: 'aborted',
      backendUploadId: upload.backendUploadId,
    });
  });
  try {
    await ctx.backend(upload.backend).abortMultipart(upload.blob, upload.backendUploadId);
  } catch {
    // The queued cleanup job aborts it later.
  }
}
