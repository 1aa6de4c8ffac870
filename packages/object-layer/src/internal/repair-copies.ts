import type { ObjectCopy, ObjectRecord } from '@strata/metastore-core';
import type { LayerContext } from './context.js';

/**
 * Repairs copies of `record` that a read found missing on their backends while the copy on
 * `servedBy` could be read: in one transaction per copy, takes the copy off the version's row
 * (`objects.removeCopy`, a compare-and-swap on the version), queues its blob for cleanup and its
 * re-replication from `servedBy` (the replicator writes it again, on the same backend when it
 * still takes writes), then tells `ctx.onMissingCopy`.
 *
 * A copy whose version was overwritten or deleted meanwhile is left alone: its blob was missing
 * because the cleanup of the old version removed it, which is no fault. The removed copy's blob
 * is queued for deletion like any copy taken off a row (`removeCopy`'s contract): a no-op when it
 * is really gone, and no orphan when the backend only said so by mistake. The replica is written
 * under a fresh name (`addCopyOn`), so that job cannot touch it.
 *
 * Never rejects: a repair that fails (the metastore busy or down) is left to the next read that
 * finds the copy missing, and must not fail the read it rides on. Resolves how many copies were
 * taken off and queued (`reason` names why in the cleanup queue: a copy missing or corrupt).
 */
export async function repairMissingCopies(
  ctx: LayerContext,
  record: ObjectRecord,
  missing: readonly ObjectCopy[],
  servedBy: string,
  options: { readonly reason?: 'copy-missing' | 'copy-corrupt' } = {},
): Promise<number> {
  const { bucket, key, versionId } = record;
  let repaired = 0;
  for (const copy of missing) {
    try {
      const queued = await ctx.store.transaction(async (tx) => {
        const removed = await tx.objects.removeCopy(bucket, key, versionId, copy.backend);
        if (removed === undefined) return undefined;
        await tx.cleanup.enqueue({
          backend: copy.backend,
          blob: removed.blob,
          size: record.size,
          reason: options.reason ?? 'copy-missing',
        });
        return tx.replication.enqueue({
          bucket,
          key,
          versionId,
          sourceBackend: servedBy,
          targetBackend: copy.backend,
        });
      });
      if (queued === undefined) continue;
      repaired++;
      ctx.onMissingCopy?.({
        bucket,
        key,
        versionId,
        backend: copy.backend,
        blob: copy.blob,
        servedBy,
        replicationQueued: queued,
      });
    } catch {
      // Left for the next read (see above); the read itself was served.
    }
  }
  return repaired;
}
