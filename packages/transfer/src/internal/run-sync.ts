import type { SyncAction, SyncOptions, SyncResult } from '../sync-options.js';
import type { EngineContext } from './engine-context.js';
import { forEachConcurrent } from './for-each-concurrent.js';
import type { MergedEntry } from './merge-sorted.js';
import { ProgressTracker } from './progress-tracker.js';

/** What one direction of sync supplies to {@link runSync}. */
export interface SyncDirection<L, R> {
  /** The merged listing of both sides. */
  merged: AsyncIterable<MergedEntry<L, R>>;
  /** The action for one path, or undefined when it is the same on both sides. */
  decide: (entry: MergedEntry<L, R>) => Promise<SyncAction | undefined>;
  /** Carries out a transfer (upload or download). */
  transfer: (
    action: SyncAction,
    entry: MergedEntry<L, R>,
    progress: ProgressTracker,
  ) => Promise<void>;
  /** Carries out deletions, given in batches of at most 1 000. */
  remove: (actions: SyncAction[], result: SyncResult) => Promise<void>;
}

const DELETE_BATCH = 1000;

/**
 * The part of a sync both directions share: decide path by path as the merged listing arrives,
 * report every action, and (unless `dryRun`) run the transfers `fileConcurrency` at a time and
 * the deletions in batches of 1 000, holding no more than one batch.
 */
export async function runSync<L, R>(
  ctx: EngineContext,
  options: SyncOptions,
  direction: SyncDirection<L, R>,
): Promise<SyncResult> {
  const result: SyncResult = {
    transferred: 0,
    bytes: 0,
    deleted: 0,
    unchanged: 0,
    failed: [],
    deleteErrors: [],
  };
  const progress = new ProgressTracker(options.onProgress);
  let deletions: SyncAction[] = [];
  const flush = async (): Promise<void> => {
    const batch = deletions;
    deletions = [];
    if (batch.length > 0) await direction.remove(batch, result);
  };
  async function* actions(): AsyncGenerator<[SyncAction, MergedEntry<L, R>], void, undefined> {
    for await (const entry of direction.merged) {
      const action = await direction.decide(entry);
      if (action === undefined) {
        result.unchanged += 1;
        continue;
      }
      if (action.kind !== 'delete-remote' && action.kind !== 'delete-local') {
        progress.addFile(action.size);
      }
      options.onAction?.(action);
      yield [action, entry];
    }
    progress.finalize();
  }
  await forEachConcurrent(
    actions(),
    ctx.config.fileConcurrency,
    async ([action, entry]) => {
      if (action.kind === 'delete-remote' || action.kind === 'delete-local') {
        if (options.dryRun === true) result.deleted += 1;
        else {
          deletions.push(action);
          if (deletions.length >= DELETE_BATCH) await flush();
        }
        return;
      }
      if (options.dryRun !== true) {
        const started = performance.now();
        try {
          await direction.transfer(action, entry, progress);
          const durationMs = performance.now() - started;
          const { key, path, size: bytes } = action;
          options.onFile?.({ key, path, bytes, durationMs });
        } catch (error) {
          options.signal?.throwIfAborted();
          result.failed.push({ key: action.key, path: action.path, error });
          return;
        }
      }
      result.transferred += 1;
      result.bytes += action.size;
    },
    options.signal,
  );
  await flush();
  return result;
}
