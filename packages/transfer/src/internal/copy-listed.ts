import type { ListedObjectEntry } from '@strata/s3-client';
import { copyMultipart } from './copy-multipart.js';
import type { EngineContext } from './engine-context.js';
import type { ProgressTracker } from './progress-tracker.js';
import { runRequest } from './run-request.js';

/**
 * Copies one listed object server-side to `target`: CopyObject up to `multipartCopyThreshold`,
 * UploadPartCopy in parts above it, every request pinned to the listed ETag (an object changed
 * since it was listed fails rather than copying other bytes).
 */
export async function copyListedObject(
  ctx: EngineContext,
  source: { bucket: string; entry: ListedObjectEntry },
  target: { bucket: string; key: string },
  signal: AbortSignal | undefined,
  progress: ProgressTracker,
): Promise<void> {
  const { bucket, entry } = source;
  if (entry.size > ctx.config.multipartCopyThreshold) {
    await copyMultipart(ctx, {
      source: { bucket, key: entry.key, etag: entry.etag, size: entry.size },
      target,
      signal,
      progress,
    });
    return;
  }
  await runRequest(ctx, {
    operation: 'CopyObject',
    bucket: target.bucket,
    key: target.key,
    bytes: entry.size,
    // Server-side bytes never cross this network: they say nothing of its bandwidth.
    observe: false,
    signal,
    progress,
    run: (s) =>
      ctx.client.copyObject(
        {
          bucket,
          key: entry.key,
          ...(entry.etag === undefined ? {} : { ifMatch: `"${entry.etag}"` }),
        },
        target.bucket,
        target.key,
        { signal: s },
      ),
  });
}
