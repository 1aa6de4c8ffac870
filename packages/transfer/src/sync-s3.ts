import type { ListedObjectEntry } from '@strata/s3-client';
import { deleteKeys } from './delete-keys.js';
import { filteredListing } from './download-prefix.js';
import { copyListedObject } from './internal/copy-listed.js';
import type { EngineContext } from './internal/engine-context.js';
import { listKeys } from './internal/list-keys.js';
import { mergeSorted, type MergedEntry } from './internal/merge-sorted.js';
import { ProgressTracker } from './internal/progress-tracker.js';
import { runSync } from './internal/run-sync.js';
import { objectsDiffer } from './internal/sync-compare.js';
import type { SyncAction, SyncOptions, SyncResult } from './sync-options.js';

/** A bucket and a key prefix. */
export interface S3Prefix {
  bucket: string;
  prefix: string;
}

/**
 * Whether one of two prefixes holds the other in one bucket: a sync between them would list
 * its own copies again, without end (`syncS3` refuses it).
 */
export function prefixesOverlap(a: S3Prefix, b: S3Prefix): boolean {
  return a.bucket === b.bucket && (a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix));
}

/**
 * Makes the objects under `target` match those under `source`, server-side; see
 * `TransferEngine.syncS3`.
 *
 * @throws RangeError when the two prefixes overlap in one bucket (one listing would see the
 *   other's copies, without end).
 */
export async function syncS3(
  ctx: EngineContext,
  source: S3Prefix,
  target: S3Prefix,
  options: SyncOptions = {},
): Promise<SyncResult> {
  if (prefixesOverlap(source, target)) {
    throw new RangeError(
      `cannot sync ${source.bucket}/${source.prefix} and ${target.bucket}/${target.prefix}: one prefix holds the other`,
    );
  }
  const uncounted = new ProgressTracker(undefined);
  const listing = ({ bucket, prefix }: S3Prefix) =>
    filteredListing(listKeys(ctx, bucket, prefix, options.signal), prefix, options, uncounted);
  const merged = mergeSorted<ListedObjectEntry, ListedObjectEntry>(
    listing(source),
    (o) => o.key.slice(source.prefix.length),
    listing(target),
    (o) => o.key.slice(target.prefix.length),
  );
  const mode = options.compare ?? 'size-mtime';
  const decide = ({
    relPath,
    left,
    right,
  }: MergedEntry<ListedObjectEntry, ListedObjectEntry>): SyncAction | undefined => {
    const key = target.prefix + relPath;
    if (left === undefined) {
      if (options.delete !== true || right === undefined) return undefined;
      return { kind: 'delete-remote', key, path: '', size: right.size, reason: 'extra' };
    }
    const copy = {
      kind: 'copy' as const,
      key,
      path: '',
      size: left.size,
      source: { bucket: source.bucket, key: left.key },
    };
    if (right === undefined) return { ...copy, reason: 'missing' };
    const reason = objectsDiffer(left, right, mode);
    return reason === undefined ? undefined : { ...copy, reason };
  };
  return runSync(ctx, options, {
    merged,
    decide: (entry) => Promise.resolve(decide(entry)),
    transfer: async (action, { left }, progress) => {
      if (left === undefined) return;
      const to = { bucket: target.bucket, key: action.key };
      await copyListedObject(
        ctx,
        { bucket: source.bucket, entry: left },
        to,
        options.signal,
        progress,
      );
      progress.fileDone();
    },
    remove: async (actions: SyncAction[], result: SyncResult) => {
      const keys = actions.map((a) => a.key);
      const outcome = await deleteKeys(ctx, target.bucket, keys, options);
      result.deleted += outcome.deleted;
      result.deleteErrors.push(...outcome.errors);
    },
  });
}
