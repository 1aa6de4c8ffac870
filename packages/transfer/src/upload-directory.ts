import type { CallOptions } from '@strata/s3-client';
import type { EngineContext } from './internal/engine-context.js';
import { forEachConcurrent } from './internal/for-each-concurrent.js';
import type { FilterOptions } from './filter-options.js';
import { createPathFilter } from './internal/path-filter.js';
import { ProgressTracker } from './internal/progress-tracker.js';
import { walkDirectory, type LocalFile } from './internal/walk-directory.js';
import type { FileListener, ProgressListener } from './progress.js';
import type { TreeTransferResult } from './tree-result.js';
import { uploadKnownFile } from './upload-file.js';

/** Options of `uploadDirectory`. */
export interface UploadDirectoryOptions extends CallOptions, FilterOptions {
  /** `Content-Type` of every object. */
  contentType?: string;
  /** `x-amz-meta-*` values of every object. */
  metadata?: Record<string, string>;
  /**
   * Continue a multipart upload of the key an earlier, interrupted run left, sending only the
   * parts it lacks (the others checked by MD5 against the file); and leave this one's upload in
   * place when it fails or is interrupted, for the next run. Default false: a new upload, aborted
   * on failure.
   */
  resume?: boolean;
  /** Aggregate progress of this call. */
  onProgress?: ProgressListener;
  /** Called after each file is uploaded. */
  onFile?: FileListener;
}

/** Keys of the files of a walk, filtered, counted into `progress` as they are found. */
export async function* filteredWalk(
  root: string,
  options: FilterOptions,
  progress: ProgressTracker,
): AsyncGenerator<LocalFile, void, undefined> {
  const keep = createPathFilter(options);
  for await (const file of walkDirectory(root)) {
    if (!keep(file.relPath)) continue;
    progress.addFile(file.size);
    yield file;
  }
  progress.finalize();
}

/** Uploads a directory tree; see `TransferEngine.uploadDirectory`. */
export async function uploadDirectory(
  ctx: EngineContext,
  root: string,
  bucket: string,
  prefix: string,
  options: UploadDirectoryOptions = {},
): Promise<TreeTransferResult> {
  const progress = new ProgressTracker(options.onProgress);
  const result: TreeTransferResult = { files: 0, bytes: 0, failed: [] };
  await forEachConcurrent(
    filteredWalk(root, options, progress),
    ctx.config.fileConcurrency,
    async (file) => {
      const key = prefix + file.relPath;
      const started = performance.now();
      try {
        await uploadKnownFile(ctx, {
          path: file.path,
          bucket,
          key,
          before: file,
          options,
          progress,
        });
        result.files += 1;
        result.bytes += file.size;
        const durationMs = performance.now() - started;
        options.onFile?.({ key, path: file.path, bytes: file.size, durationMs });
      } catch (error) {
        options.signal?.throwIfAborted();
        result.failed.push({ key, path: file.path, error });
      }
    },
    options.signal,
  );
  return result;
}
