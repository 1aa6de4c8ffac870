import type { CallOptions } from '@strata/s3-client';
import type { EngineContext } from './internal/engine-context.js';
import { fileRange } from './internal/file-range.js';
import { readFileState, hasChanged, sourceChanged } from './internal/file-state.js';
import { ProgressTracker } from './internal/progress-tracker.js';
import { runRequest } from './internal/run-request.js';
import { uploadMultipart, type UploadJob } from './internal/upload-multipart.js';
import type { ProgressListener } from './progress.js';

/** Options of `uploadFile`. */
export interface UploadFileOptions extends CallOptions {
  /** `Content-Type` of the object. */
  contentType?: string;
  /** `x-amz-meta-*` values. */
  metadata?: Record<string, string>;
  /** Part size of a multipart upload. Default: `chooseUploadPartSize(size, concurrency)`. */
  partSize?: number;
  /**
   * Continue a multipart upload of the key an earlier, interrupted run left, sending only the
   * parts it lacks (the others checked by MD5 against the file); and leave this one's upload in
   * place when it fails or is interrupted, for the next run. Default false: a new upload, aborted
   * on failure.
   */
  resume?: boolean;
  /** Aggregate progress of this call. */
  onProgress?: ProgressListener;
}

/** Result of `uploadFile`. */
export interface UploadFileResult {
  /** ETag without quotes. */
  etag: string | undefined;
  /** Bytes uploaded. */
  size: number;
  /** Parts sent; 0 for a single PutObject. */
  parts: number;
}

/** Uploads one file; see `TransferEngine.uploadFile`. */
export async function uploadFile(
  ctx: EngineContext,
  path: string,
  bucket: string,
  key: string,
  options: UploadFileOptions = {},
): Promise<UploadFileResult> {
  const before = await readFileState(path);
  const progress = new ProgressTracker(options.onProgress);
  progress.addFile(before.size);
  progress.finalize();
  return uploadKnownFile(ctx, { path, bucket, key, before, options, progress });
}

/**
 * Uploads a file whose state was read before (by `uploadFile` or a directory walk): that state
 * is what the upload must match when it ends.
 */
export async function uploadKnownFile(
  ctx: EngineContext,
  job: UploadJob<UploadFileOptions>,
): Promise<UploadFileResult> {
  const { path, bucket, key, before, options, progress } = job;
  const result =
    before.size > ctx.config.multipartThreshold
      ? await uploadMultipart(ctx, job)
      : await putSingle(ctx, path, bucket, key, before.size, options, progress);
  if (result.parts === 0 && (await hasChanged(path, before))) {
    // A single PUT has committed by the time the change can be seen: take the object back out
    // rather than leave bytes that match no state of the file.
    await ctx.client.deleteObject(bucket, key);
    throw sourceChanged(path, key);
  }
  progress.fileDone();
  return result;
}

async function putSingle(
  ctx: EngineContext,
  path: string,
  bucket: string,
  key: string,
  size: number,
  options: UploadFileOptions,
  progress: ProgressTracker,
): Promise<UploadFileResult> {
  const put = await ctx.bytes.use(size, () =>
    runRequest(ctx, {
      operation: 'PutObject',
      bucket,
      key,
      bytes: size,
      signal: options.signal,
      progress,
      run: (signal) =>
        ctx.client.putObject(bucket, key, fileRange(path, 0, size), {
          contentLength: size,
          ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
          ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
          signal,
        }),
    }),
  );
  return { etag: put.etag, size, parts: 0 };
}
