import { S3Error } from '@strata/s3-xml';
import { noSuchUpload } from '../internal/s3-errors.js';

/**
 * Maps the two backend multipart errors that describe the client's upload (not the backend's
 * health) to their S3 answers: the backend-native upload is gone (NoSuchUpload), or a part's
 * stored bytes are no longer the ones recorded (InvalidPart). Others are returned unchanged.
 */
export function mapBackendUploadError(error: unknown, uploadId: string): unknown {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'ENOUPLOAD') return noSuchUpload(uploadId);
  if (code === 'EINVALID_PART') {
    return new S3Error('InvalidPart', {
      message:
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      extra: { UploadId: uploadId },
      cause: error,
    });
  }
  return error;
}
