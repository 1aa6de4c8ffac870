import type { CompletedPartEntry } from '@strata/s3-client';
import { abortOrExplain } from './abort-or-explain.js';
import { chooseUploadPartSize, planParts, type PartRange } from '../part-size.js';
import type { EngineContext } from './engine-context.js';
import { fileRange } from './file-range.js';
import { hasChanged, sourceChanged, type FileState } from './file-state.js';
import { forEachConcurrent } from './for-each-concurrent.js';
import type { ProgressTracker } from './progress-tracker.js';
import { runRequest } from './run-request.js';
import { findResumableUpload } from './resume-upload.js';

/** One file to upload and what its upload must match. */
export interface UploadJob<O> {
  path: string;
  bucket: string;
  key: string;
  /** The file's state when the upload was planned. */
  before: FileState;
  options: O;
  progress: ProgressTracker;
}

/** The options `uploadMultipart` reads. */
interface MultipartOptions {
  signal?: AbortSignal;
  contentType?: string;
  metadata?: Record<string, string>;
  partSize?: number;
  resume?: boolean;
}

/**
 * A multipart upload of a file, parts read from disk (a fresh read per attempt, so any part can
 * be retried without holding it in memory), `concurrency` parts in flight within the engine's
 * byte budget. Before Complete the file's size and mtime are read again; a file that changed
 * (or any failure) aborts the upload, so no object is made of two states of the file.
 *
 * With `resume`, the newest upload of the key left by an earlier run is continued instead of a
 * new one created: its parts that hold this file's bytes are kept (checked by MD5 against the
 * file, see {@link findResumableUpload}), only the others are sent. A failure or an interruption
 * then leaves the upload in place for the next run, unless the file changed (its parts are then
 * of no use, and it is aborted).
 *
 * @throws TransferError `ESOURCE_CHANGED`; S3UploadAbortError when the abort failed too.
 */
export async function uploadMultipart(
  ctx: EngineContext,
  job: UploadJob<MultipartOptions>,
): Promise<{ etag: string | undefined; size: number; parts: number }> {
  const { path, bucket, key, before, options, progress } = job;
  const { signal } = options;
  const size = before.size;
  const partSize = options.partSize ?? chooseUploadPartSize(size, ctx.config.concurrency);
  // At most 10 000 parts: a list is small, and resuming needs to index it.
  const plan = [...planParts(size, partSize)];
  const resumed =
    options.resume === true
      ? await findResumableUpload(ctx, { path, bucket, key, signal }, plan)
      : undefined;
  const { uploadId } =
    resumed ??
    (await runRequest(ctx, {
      operation: 'CreateMultipartUpload',
      bucket,
      key,
      bytes: 0,
      idempotent: false,
      signal,
      run: (s) =>
        ctx.client.createMultipartUpload(bucket, key, {
          ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
          ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
          signal: s,
        }),
    }));
  const parts: CompletedPartEntry[] = [];
  for (const [number, entry] of resumed?.done ?? []) {
    parts[number - 1] = entry;
    progress.addBytes(plan[number - 1]!.length);
  }
  const sendPart = async (part: PartRange): Promise<void> => {
    const { etag } = await ctx.bytes.use(part.length, () =>
      runRequest(ctx, {
        operation: 'UploadPart',
        bucket,
        key,
        bytes: part.length,
        signal,
        progress,
        run: (s) =>
          ctx.client.uploadPart(
            bucket,
            key,
            uploadId,
            part.partNumber,
            fileRange(path, part.start, part.length),
            { contentLength: part.length, signal: s },
          ),
      }),
    );
    parts[part.partNumber - 1] = { partNumber: part.partNumber, etag };
  };
  try {
    const missing = plan.filter((part) => parts[part.partNumber - 1] === undefined);
    await forEachConcurrent(missing, ctx.config.concurrency, sendPart, signal);
    if (await hasChanged(path, before)) throw sourceChanged(path, key);
    const done = await runRequest(ctx, {
      operation: 'CompleteMultipartUpload',
      bucket,
      key,
      bytes: 0,
      signal,
      run: (s) => ctx.client.completeMultipartUpload(bucket, key, uploadId, parts, { signal: s }),
    });
    return { etag: done.etag, size, parts: parts.length };
  } catch (err) {
    // A part that failed because the file shrank or grew is reported as the change it is.
    const changed = await hasChanged(path, before);
    const cause = changed ? sourceChanged(path, key, err) : err;
    // Kept for the next run to resume, unless its parts hold bytes the file no longer has.
    if (options.resume !== true || changed) {
      await abortOrExplain(ctx.client, { bucket, key, uploadId }, cause);
    }
    throw cause;
  }
}
