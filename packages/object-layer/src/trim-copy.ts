import type { ObjectCopy, ObjectRecord } from '@strata/metastore-core';
import type { EvacuateCopyInput } from './evacuate-copy.js';
import type { LayerContext } from './internal/context.js';
import { storedSize } from './internal/sealed-streams.js';
import { takeCopyOff } from './internal/take-copy-off.js';
import { factorOf, lastingCopies } from './replicate-copy.js';

/** A copy that may be one too many: a version's copy on `backend` (as a drain names one). */
export type TrimCopyInput = EvacuateCopyInput;

/** What {@link trimCopy} did. */
export type TrimCopyOutcome =
  /** The copy is among those the version keeps (or it is not surplus): nothing changed. */
  | { readonly kind: 'kept' }
  /** The copy was taken off the version and its blob queued for deletion. */
  | { readonly kind: 'trimmed' }
  /**
   * The copy is surplus, but not every copy that would stay was found on its backend (missing,
   * or the backend did not answer): nothing changed; a later pass tries again.
   */
  | { readonly kind: 'unverified' }
  /** The version has no copy there any more, or is gone: nothing to do. */
  | { readonly kind: 'stale' };

/**
 * Takes a surplus copy off a version: one more than its bucket's replication factor on backends
 * that count (neither draining nor removed, whose copies the drainer handles). Which copies stay
 * is decided the same way on every call: copies on the bucket's own backends (its `backends`, when
 * it names them) before others, on `active` backends before `readonly` ones, then the oldest first
 * (the order of the row); only a copy ranked past the factor is taken. Before anything changes,
 * every copy that stays is looked up on its backend (`head`), so a missing one is never what is
 * left; the removal then re-reads the version in its transaction and takes the copy only while the
 * others still reach the factor (`versions.removeCopy` never takes the last one), queueing its
 * blob for deletion. Current and noncurrent versions alike (the version is found by write id).
 */
export async function trimCopy(ctx: LayerContext, input: TrimCopyInput): Promise<TrimCopyOutcome> {
  const version = await ctx.store.versions.byWriteId(input.bucket, input.key, input.versionId);
  if (version?.kind !== 'object') return { kind: 'stale' };
  const record = version.record;
  const copy = record.copies.find((c) => c.backend === input.backend);
  if (copy === undefined) return { kind: 'stale' };
  const factor = factorOf(ctx, record.bucket);
  const ranked = rankCopies(ctx, record);
  const staying = ranked.slice(0, factor);
  if (!ranked.slice(factor).includes(copy)) return { kind: 'kept' };
  for (const other of staying) {
    const member = ctx.pool.get(other.backend);
    const found = await member?.backend
      .head(other.blob, { signal: input.signal })
      .catch((error: unknown) => {
        if (input.signal?.aborted) throw error;
        return undefined;
      });
    if (found === undefined || found.size !== storedSize(record)) return { kind: 'unverified' };
  }
  const taken = await ctx.store.transaction(async (tx) => {
    const now = await tx.versions.byWriteId(record.bucket, record.key, record.versionId);
    if (now?.kind !== 'object') return undefined;
    // The copies checked just now are still on the version (none repaired or moved meanwhile).
    const still = staying.every((s) => now.record.copies.some((c) => c.blob === s.blob));
    if (!still || !now.record.copies.some((c) => c.blob === copy.blob)) return undefined;
    return takeCopyOff(tx, record, input.backend, 'surplus-copy');
  });
  return taken === undefined ? { kind: 'stale' } : { kind: 'trimmed' };
}

/** The version's lasting copies, those to keep first (see {@link trimCopy}). */
function rankCopies(ctx: LayerContext, record: ObjectRecord): ObjectCopy[] {
  const own = ctx.policyOf(record.bucket).backends;
  const rank = (copy: ObjectCopy) =>
    (own === undefined || own.includes(copy.backend) ? 0 : 2) +
    (ctx.pool.get(copy.backend)?.state === 'active' ? 0 : 1);
  const lasting = lastingCopies(ctx, record);
  // Array.prototype.sort is stable: equal ranks keep the row's order, oldest copy first.
  return [...lasting].sort((a, b) => rank(a) - rank(b));
}
