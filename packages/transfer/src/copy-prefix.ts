import type { CallOptions } from '@strata/s3-client';
import { filteredListing } from './download-prefix.js';
import { copyListedObject } from './internal/copy-listed.js';
import type { EngineContext } from './internal/engine-context.js';
import { forEachConcurrent } from './internal/for-each-concurrent.js';
import { listKeys } from './internal/list-keys.js';
import type { FilterOptions } from './filter-options.js';
import { ProgressTracker } from './internal/progress-tracker.js';
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
        await copyListedObject(
          ctx,
          { bucket: source.bucket, entry },
          { bucket: target.bucket, key },
          options.signal,
          progress,
        );
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
