import type { CompletedPartEntry } from '@strata/s3-client';
import { abortOrExplain } from './abort-or-explain.js';
import { chooseUploadPartSize, planParts, type PartRange } from '../part-size.js';
import type { EngineContext } from './engine-context.js';
import { forEachConcurrent } from './for-each-concurrent.js';
import type { ProgressTracker } from './progress-tracker.js';
import { runRequest } from './run-request.js';

/** One object to copy server-side in parts. */
export interface CopyJob {
  source: { bucket: string; key: string; etag: string | undefined; size: number };
  target: { bucket: string; key: string };
  signal: AbortSignal | undefined;
  progress: ProgressTracker;
}

/**
 * A server-side copy in parts (UploadPartCopy, each part a range of the source pinned to its
 * ETag), for objects over CopyObject's 5 GiB. Any failure aborts the multipart upload.
 *
 * @throws S3UploadAbortError when the copy failed and so did the abort.
 */
export async function copyMultipart(ctx: EngineContext, job: CopyJob): Promise<void> {
  const { source, target, signal, progress } = job;
  const { bucket, key } = target;
  const { uploadId } = await runRequest(ctx, {
    operation: 'CreateMultipartUpload',
    bucket,
    key,
    bytes: 0,
    idempotent: false,
    signal,
    run: (s) => ctx.client.createMultipartUpload(bucket, key, { signal: s }),
  });
  const parts: CompletedPartEntry[] = [];
  const copyPart = async (part: PartRange): Promise<void> => {
    const { etag } = await runRequest(ctx, {
      operation: 'UploadPartCopy',
      bucket,
      key,
      bytes: part.length,
      observe: false,
      signal,
      progress,
      run: (s) =>
        ctx.client.uploadPartCopy(
          bucket,
          key,
          uploadId,
          part.partNumber,
          {
            bucket: source.bucket,
            key: source.key,
            ...(source.etag === undefined ? {} : { ifMatch: `"${source.etag}"` }),
          },
          { range: { start: part.start, end: part.start + part.length - 1 }, signal: s },
        ),
    });
    parts[part.partNumber - 1] = { partNumber: part.partNumber, etag: etag ?? '' };
  };
  try {
    const partSize = chooseUploadPartSize(source.size, ctx.config.concurrency);
    await forEachConcurrent(
      planParts(source.size, partSize),
      ctx.config.concurrency,
      copyPart,
      signal,
    );
    await runRequest(ctx, {
      operation: 'CompleteMultipartUpload',
      bucket,
      key,
      bytes: 0,
      signal,
      run: (s) => ctx.client.completeMultipartUpload(bucket, key, uploadId, parts, { signal: s }),
    });
  } catch (err) {
    await abortOrExplain(ctx.client, { bucket, key, uploadId }, err);
    throw err;
  }
}
