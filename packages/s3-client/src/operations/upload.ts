import type { Readable } from 'node:stream';
import { MultipartAbortGuard } from '../internal/abort-guard.js';
import type { ClientContext } from '../internal/client-context.js';
import { choosePartSize } from '../part-size.js';
import { readParts } from '../internal/read-parts.js';
import { uploadParts } from '../internal/upload-parts.js';
import type { CallOptions } from '../types.js';
import { completeMultipartUpload, createMultipartUpload } from './multipart-upload.js';
import { putObject, type PutObjectOptions } from './put-object.js';

/** Default part size: 8 MiB, grown for large known sizes. */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

/** Options of `upload`. */
export interface UploadOptions extends CallOptions {
  /** Total size, when known: the part size grows so that no more than 10 000 parts are needed. */
  contentLength?: number;
  /** Bytes per part, 5 MiB to 5 GiB. Default {@link DEFAULT_PART_SIZE}. */
  partSize?: number;
  /** Parts in flight at once (memory: `(concurrency + 1) * partSize`). Default 4. */
  concurrency?: number;
  contentType?: string;
  metadata?: Record<string, string>;
  headers?: Record<string, string>;
  /** Called with the byte count of each part (or the single PUT) once stored. */
  onProgress?: (bytes: number) => void;
}

/** Result of `upload`. */
export interface UploadResult {
  /** ETag without quotes. */
  etag: string | undefined;
  versionId: string | undefined;
  /** Parts uploaded; 0 when the body fit in one PutObject. */
  parts: number;
}

function checkConcurrency(value: number): number {
  // A zero would upload nothing and still "succeed" (seed 001: loud failures, not no-ops).
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${value}`);
  }
  return value;
}

/** The high-level upload. See the `S3Client` method. */
export async function upload(
  ctx: ClientContext,
  bucket: string,
  key: string,
  body: Readable | Buffer,
  options: UploadOptions = {},
): Promise<UploadResult> {
  const concurrency = checkConcurrency(options.concurrency ?? 4);
  const total = Buffer.isBuffer(body) ? body.length : options.contentLength;
  const partSize = choosePartSize(options.partSize ?? DEFAULT_PART_SIZE, total);
  const parts = readParts(body, partSize);
  const first = await parts.next();
  const firstPart = first.done === true ? Buffer.alloc(0) : first.value;
  const write: PutObjectOptions = {
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
    ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  if (firstPart.length < partSize) {
    const put = await putObject(ctx, bucket, key, firstPart, write);
    options.onProgress?.(firstPart.length);
    return { etag: put.etag, versionId: put.versionId, parts: 0 };
  }
  const { uploadId } = await createMultipartUpload(ctx, bucket, key, write);
  const guard = new MultipartAbortGuard(ctx, { bucket, key, uploadId });
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    if (options.signal?.aborted === true) onCallerAbort();
    const plan = { bucket, key, uploadId, concurrency, controller, onPart: options.onProgress };
    const completed = await uploadParts(ctx, plan, firstPart, parts);
    const done = await completeMultipartUpload(ctx, bucket, key, uploadId, completed, {
      signal: controller.signal,
    });
    guard.disarm();
    return { etag: done.etag, versionId: done.versionId, parts: completed.length };
  } catch (err) {
    // Stop the producer too: a caller's stream is destroyed, as by a failed pipeline.
    if (!Buffer.isBuffer(body) && !body.destroyed && err instanceof Error) body.destroy(err);
    throw await guard.fail(err);
  } finally {
    options.signal?.removeEventListener('abort', onCallerAbort);
    await parts.return();
  }
}
