import { S3UploadAbortError, type S3Client } from '@strata/s3-client';

/**
 * Aborts a multipart upload that failed with `cause`, so its parts do not stay billed on the
 * server; when the abort fails too, throws an `S3UploadAbortError` carrying both errors (the
 * caller rethrows `cause` otherwise).
 */
export async function abortOrExplain(
  client: S3Client,
  target: { bucket: string; key: string; uploadId: string },
  cause: unknown,
): Promise<void> {
  try {
    // Not under the caller's signal: an aborted transfer must still clean up its parts.
    await client.abortMultipartUpload(target.bucket, target.key, target.uploadId);
  } catch (abortError) {
    throw new S3UploadAbortError(target, cause, abortError);
  }
}
