import { isS3ClientError } from '../s3-client-error.js';
import { S3UploadAbortError } from '../s3-upload-abort-error.js';
import { abortMultipartUpload } from '../operations/multipart-upload.js';
import type { ClientContext } from './client-context.js';

/**
 * Owns an open multipart upload until it is completed: if anything fails before `disarm()`,
 * `fail()` sends AbortMultipartUpload, so no upload is left billing for its parts. Every exit
 * path of `upload` goes through it.
 */
export class MultipartAbortGuard {
  readonly #ctx: ClientContext;
  readonly #target: { bucket: string; key: string; uploadId: string };
  #armed = true;

  constructor(ctx: ClientContext, target: { bucket: string; key: string; uploadId: string }) {
    this.#ctx = ctx;
    this.#target = target;
  }

  /** The upload completed: nothing to clean up. */
  disarm(): void {
    this.#armed = false;
  }

  /**
   * Aborts the upload and returns the error to throw: `uploadError` itself, or an
   * {@link S3UploadAbortError} when the abort failed too. Runs once; not bound to the caller's
   * signal (a cancelled upload must still be cleaned up), only to the client's retries.
   */
  async fail(uploadError: unknown): Promise<unknown> {
    if (!this.#armed) return uploadError;
    this.#armed = false;
    const { bucket, key, uploadId } = this.#target;
    try {
      await abortMultipartUpload(this.#ctx, bucket, key, uploadId);
      return uploadError;
    } catch (abortError) {
      // Gone already: a Complete that failed on the wire may have gone through.
      if (isS3ClientError(abortError, 'NoSuchUpload')) return uploadError;
      return new S3UploadAbortError(this.#target, uploadError, abortError);
    }
  }
}
