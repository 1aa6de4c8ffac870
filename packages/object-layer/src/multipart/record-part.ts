import type { MultipartUploadRow, UploadPart } from '@strata/metastore-core';
import type { LayerContext } from '../internal/context.js';
import { noSuchUpload } from '../internal/s3-errors.js';

/**
 * Records an uploaded part, re-checking in the same transaction that the upload is still in
 * progress (a concurrent Abort or Complete wins; the part's bytes then go with the upload's
 * cleanup).
 *
 * @throws S3Error NoSuchUpload
 */
export async function recordPart(
  ctx: LayerContext,
  upload: MultipartUploadRow,
  part: Omit<UploadPart, 'uploadId'>,
): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const fresh = await tx.uploads.get(upload.uploadId);
    if (fresh?.state !== 'active') throw noSuchUpload(upload.uploadId);
    await tx.uploads.putPart({ ...part, uploadId: upload.uploadId });
  });
}
