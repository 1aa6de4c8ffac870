import type { CallOptions, ListedObjectEntry } from '@strata/s3-client';
import { filteredListing } from './download-prefix.js';
import { copyMultipart } from './internal/copy-multipart.js';
import type { EngineContext } from './internal/engine-context.js';
import { forEachConcurrent } from './internal/for-each-concurrent.js';
import { listKeys } from './internal/list-keys.js';
import type { FilterOptions } from './filter-options.js';
import { ProgressTracker } from './internal/progress-tracker.js';
import { runRequest } from './internal/run-request.js';
import type { FileListener, ProgressListener } from './progress.js';
import type { TreeTransferResult } from './tree-result.js';

/** Options of `copyPrefix`. */
export interface CopyPrefixOptions extends CallOptions, FilterOptions {
  /** Aggregate progress of this call. */
  onProgress?: ProgressListener;
  /** Called after each object is copied (with its source key). */
  onFile?: FileListener;
}

/** Copies every object under a prefix server-side; see `TransferEngine.copyPrefix`. */
export async function copyPrefix(
  ctx: EngineContext,
  source: { bucket: string; prefix: string },
  target: { bucket: string; prefix: string },
  options: CopyPrefixOptions = {},
): Promise<TreeTransferResult> {
  const progress = new ProgressTracker(options.onProgress);
  const result: TreeTransferResult = { files: 0, bytes: 0, failed: [] };
  const listing = filteredListing(
    listKeys(ctx, source.bucket, source.prefix, options.signal),
    source.prefix,
    options,
    progress,
  );
  await forEachConcurrent(
    listing,
    ctx.config.fileConcurrency,
    async (entry) => {
      const key = target.prefix + entry.key.slice(source.prefix.length);
      const started = performance.now();
      try {
        if (entry.size > ctx.config.multipartCopyThreshold) {
          await copyMultipart(ctx, {
            source: { bucket: source.bucket, key: entry.key, etag: entry.etag, size: entry.size },
            target: { bucket: target.bucket, key },
            signal: options.signal,
            progress,
          });
        } else {
          await copyWhole(ctx, source.bucket, entry, target.bucket, key, options.signal, progress);
        }
        progress.fileDone();
        result.files += 1;
        result.bytes += entry.size;
        const durationMs = performance.now() - started;
        options.onFile?.({ key: entry.key, path: undefined, bytes: entry.size, durationMs });
      } catch (error) {
        options.signal?.throwIfAborted();
        result.failed.push({ key: entry.key, error });
      }
    },
    options.signal,
  );
  return result;
}

/** One CopyObject, pinned to the listed ETag. */
async function copyWhole(
  ctx: EngineContext,
  sourceBucket: string,
  entry: ListedObjectEntry,
  bucket: string,
  key: string,
  signal: AbortSignal | undefined,
  progress: ProgressTracker,
): Promise<void> {
  await runRequest(ctx, {
    operation: 'CopyObject',
    bucket,
    key,
    bytes: entry.size,
    // Server-side bytes never cross this network: they say nothing of its bandwidth.
    observe: false,
    signal,
    progress,
    run: (s) =>
      ctx.client.copyObject(
        {
          bucket: sourceBucket,
          key: entry.key,
          ...(entry.etag === undefined ? {} : { ifMatch: `"${entry.etag}"` }),
        },
        bucket,
        key,
        { signal: s },
      ),
  });
}
