import type { ListedObjectEntry } from '@strata/s3-client';
import { deleteKeys } from './delete-keys.js';
import { filteredListing } from './download-prefix.js';
import type { EngineContext } from './internal/engine-context.js';
import { listKeys } from './internal/list-keys.js';
import { mergeSorted } from './internal/merge-sorted.js';
import { ProgressTracker } from './internal/progress-tracker.js';
import { runSync } from './internal/run-sync.js';
import { differs } from './internal/sync-compare.js';
import type { LocalFile } from './internal/walk-directory.js';
import type { SyncAction, SyncOptions, SyncResult } from './sync-options.js';
import { filteredWalk } from './upload-directory.js';
import { uploadKnownFile } from './upload-file.js';
import { join } from 'node:path';

/** Makes the objects under `prefix` match the files under `root`; see `TransferEngine.syncToS3`. */
export async function syncToS3(
  ctx: EngineContext,
  root: string,
  bucket: string,
  prefix: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  // The listings' own counts are not progress: only the transfers are (counted by runSync).
  const uncounted = new ProgressTracker(undefined);
  const merged = mergeSorted<LocalFile, ListedObjectEntry>(
    filteredWalk(root, options, uncounted),
    (f) => f.relPath,
    filteredListing(listKeys(ctx, bucket, prefix, options.signal), prefix, options, uncounted),
    (o) => o.key.slice(prefix.length),
  );
  const mode = options.compare ?? 'size-mtime';
  return runSync(ctx, options, {
    merged,
    decide: async ({ relPath, left, right }): Promise<SyncAction | undefined> => {
      const key = prefix + relPath;
      if (left === undefined) {
        if (options.delete !== true || right === undefined) return undefined;
        const path = join(root, relPath);
        return { kind: 'delete-remote', key, path, size: right.size, reason: 'extra' };
      }
      const base = { kind: 'upload' as const, key, path: left.path, size: left.size };
      if (right === undefined) return { ...base, reason: 'missing' };
      const reason = await differs(left, right, 'up', mode, ctx.config.concurrency);
      return reason === undefined ? undefined : { ...base, reason };
    },
    transfer: async (action, { left }, progress) => {
      if (left === undefined) return;
      await uploadKnownFile(ctx, {
        path: left.path,
        bucket,
        key: action.key,
        before: left,
        options,
        progress,
      });
    },
    remove: async (actions: SyncAction[], result: SyncResult) => {
      const outcome = await deleteKeys(
        ctx,
        bucket,
        actions.map((a) => a.key),
        options,
      );
      result.deleted += outcome.deleted;
      result.deleteErrors.push(...outcome.errors);
    },
  });
}
