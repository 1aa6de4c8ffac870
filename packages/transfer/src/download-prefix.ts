import type { CallOptions, ListedObjectEntry } from '@strata/s3-client';
import { downloadKnownObject } from './download-file.js';
import { createDirectoryMaker } from './internal/directory-maker.js';
import type { EngineContext } from './internal/engine-context.js';
import { forEachConcurrent } from './internal/for-each-concurrent.js';
import { localPathFor } from './internal/key-path.js';
import { listKeys } from './internal/list-keys.js';
import type { FilterOptions } from './filter-options.js';
import { createPathFilter } from './internal/path-filter.js';
import { ProgressTracker } from './internal/progress-tracker.js';
import type { FileListener, ProgressListener } from './progress.js';
import type { TreeTransferResult } from './tree-result.js';

/** Options of `downloadPrefix`. */
export interface DownloadPrefixOptions extends CallOptions, FilterOptions {
  /** Check single-part objects' MD5 against their ETags. Default true. */
  verifyEtag?: boolean;
  /** As `DownloadFileOptions.resume`, for each object. */
  resume?: boolean;
  /** Aggregate progress of this call. */
  onProgress?: ProgressListener;
  /** Called after each object is downloaded. */
  onFile?: FileListener;
}

/** The objects of a listing, filtered on the key below `prefix`, counted into `progress`. */
export async function* filteredListing(
  listing: AsyncIterable<ListedObjectEntry>,
  prefix: string,
  options: FilterOptions,
  progress: ProgressTracker,
): AsyncGenerator<ListedObjectEntry, void, undefined> {
  const keep = createPathFilter(options);
  for await (const entry of listing) {
    if (!keep(entry.key.slice(prefix.length))) continue;
    progress.addFile(entry.size);
    yield entry;
  }
  progress.finalize();
}

/** Downloads every object under a prefix; see `TransferEngine.downloadPrefix`. */
export async function downloadPrefix(
  ctx: EngineContext,
  bucket: string,
  prefix: string,
  root: string,
  options: DownloadPrefixOptions = {},
): Promise<TreeTransferResult> {
  const progress = new ProgressTracker(options.onProgress);
  const result: TreeTransferResult = { files: 0, bytes: 0, failed: [] };
  const makeDirectory = createDirectoryMaker();
  const listing = filteredListing(
    listKeys(ctx, bucket, prefix, options.signal),
    prefix,
    options,
    progress,
  );
  await forEachConcurrent(
    listing,
    ctx.config.fileConcurrency,
    async (entry) => {
      const started = performance.now();
      try {
        const path = localPathFor(root, prefix, entry.key);
        if (path === undefined) return progress.fileDone();
        const state = { size: entry.size, etag: entry.etag, lastModified: entry.lastModified };
        await downloadKnownObject(ctx, {
          bucket,
          key: entry.key,
          path,
          state,
          options,
          progress,
          makeDirectory,
        });
        result.files += 1;
        result.bytes += entry.size;
        const durationMs = performance.now() - started;
        options.onFile?.({ key: entry.key, path, bytes: entry.size, durationMs });
      } catch (error) {
        options.signal?.throwIfAborted();
        result.failed.push({ key: entry.key, error });
      }
    },
    options.signal,
  );
  return result;
}
