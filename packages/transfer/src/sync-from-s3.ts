import { mkdir, rm, stat } from 'node:fs/promises';
import type { ListedObjectEntry } from '@strata/s3-client';
import { downloadKnownObject } from './download-file.js';
import { createDirectoryMaker } from './internal/directory-maker.js';
import { filteredListing } from './download-prefix.js';
import type { EngineContext } from './internal/engine-context.js';
import { localPathFor } from './internal/key-path.js';
import { listKeys } from './internal/list-keys.js';
import { mergeSorted } from './internal/merge-sorted.js';
import { ProgressTracker } from './internal/progress-tracker.js';
import { runSync } from './internal/run-sync.js';
import { differs } from './internal/sync-compare.js';
import type { LocalFile } from './internal/walk-directory.js';
import type { SyncAction, SyncOptions, SyncResult } from './sync-options.js';
import { filteredWalk } from './upload-directory.js';

/** Makes the files under `root` match the objects under `prefix`; see `TransferEngine.syncFromS3`. */
export async function syncFromS3(
  ctx: EngineContext,
  bucket: string,
  prefix: string,
  root: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const uncounted = new ProgressTracker(undefined);
  // A target that does not exist yet is an empty one (created unless this is a dry run).
  if (options.dryRun !== true) await mkdir(root, { recursive: true });
  const exists = await stat(root).then(
    () => true,
    () => false,
  );
  // Folder markers (keys ending in `/`) are no files: they take no part in the comparison.
  async function* objects(): AsyncGenerator<ListedObjectEntry, void, undefined> {
    const listing = listKeys(ctx, bucket, prefix, options.signal);
    for await (const entry of filteredListing(listing, prefix, options, uncounted)) {
      if (!entry.key.endsWith('/')) yield entry;
    }
  }
  const merged = mergeSorted<LocalFile, ListedObjectEntry>(
    exists ? filteredWalk(root, options, uncounted) : nothing(),
    (f) => f.relPath,
    objects(),
    (o) => o.key.slice(prefix.length),
  );
  const mode = options.compare ?? 'size-mtime';
  const makeDirectory = createDirectoryMaker();
  return runSync(ctx, options, {
    merged,
    decide: async ({ relPath, left, right }): Promise<SyncAction | undefined> => {
      const key = prefix + relPath;
      if (right === undefined) {
        if (options.delete !== true || left === undefined) return undefined;
        return { kind: 'delete-local', key, path: left.path, size: left.size, reason: 'extra' };
      }
      // An unsafe key gets a path of '' here; the transfer then fails with EUNSAFE_KEY.
      const path = left?.path ?? safePath(root, prefix, key);
      const base = { kind: 'download' as const, key, path, size: right.size };
      if (left === undefined) return { ...base, reason: 'missing' };
      const reason = await differs(left, right, 'down', mode, ctx.config.concurrency);
      return reason === undefined ? undefined : { ...base, reason };
    },
    transfer: async (action, { right }, progress) => {
      if (right === undefined) return;
      const path = localPathFor(root, prefix, action.key) ?? action.path;
      const state = { size: right.size, etag: right.etag, lastModified: right.lastModified };
      const job = { bucket, key: action.key, path, state, options, progress, makeDirectory };
      await downloadKnownObject(ctx, job);
    },
    remove: async (actions: SyncAction[], result: SyncResult) => {
      for (const action of actions) {
        try {
          await rm(action.path);
          result.deleted += 1;
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          result.deleteErrors.push({
            key: action.key,
            code: typeof code === 'string' ? code : 'Error',
            message: error instanceof Error ? error.message : String(error),
          });
        }
      }
    },
  });
}

function safePath(root: string, prefix: string, key: string): string {
  try {
    return localPathFor(root, prefix, key) ?? '';
  } catch {
    return '';
  }
}

async function* nothing(): AsyncGenerator<LocalFile, void, undefined> {}
