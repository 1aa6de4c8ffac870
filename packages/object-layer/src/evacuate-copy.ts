import { NoWritableBackendError } from './errors.js';
import type { LayerContext } from './internal/context.js';
import { takeCopyOff } from './internal/take-copy-off.js';
import { addCopyOn, factorOf, lastingCopies } from './replicate-copy.js';

/** A copy to take off a backend (a draining backend's, an excess copy). */
export interface EvacuateCopyInput {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  /** The backend the copy leaves. */
  readonly backend: string;
  readonly signal?: AbortSignal | undefined;
}

/** What {@link evacuateCopy} did. */
export type EvacuateCopyOutcome =
  /** A replacement copy was made on `to`, then the copy removed. */
  | { readonly kind: 'moved'; readonly to: string }
  /** The other copies were enough: the copy was removed. */
  | { readonly kind: 'removed' }
  /** The version has no copy there, or is no longer stored: nothing to do. */
  | { readonly kind: 'stale' }
  /**
   * The copy is on a `removed` backend and the version has no copy on a backend that is still
   * there to restore it from: it is kept (recorded, in case the backend comes back) and reported.
   */
  | { readonly kind: 'lost' };

/**
 * Takes one copy of a version off `backend`, without ever leaving the object with fewer copies
 * than its bucket's factor on backends that stay: when the other lasting copies are too few, a
 * replacement is written first on a backend placement picks (under a fresh blob name, streamed,
 * verified, recorded with a compare-and-swap), and only then is the copy removed
 * (`versions.removeCopy`, which never takes the last one) and its blob queued for deletion, in
 * one transaction. On a `removed` backend the replacement is read from the other copies and the
 * copy there is only forgotten (nothing is deleted on a backend that is gone); a version with no
 * other copy is `lost` and keeps its record.
 *
 * @throws NoWritableBackendError when a replacement is needed and no backend can take it now.
 */
export async function evacuateCopy(
  ctx: LayerContext,
  input: EvacuateCopyInput,
): Promise<EvacuateCopyOutcome> {
  const version = await ctx.store.versions.byWriteId(input.bucket, input.key, input.versionId);
  if (version?.kind !== 'object') return { kind: 'stale' };
  const record = version.record;
  if (!record.copies.some((c) => c.backend === input.backend)) return { kind: 'stale' };
  const staying = lastingCopies(ctx, record).filter((c) => c.backend !== input.backend);
  // A removed backend cannot be read from (it is gone) nor deleted on: its copy is only
  // forgotten, once the others are enough.
  const removed = ctx.pool.get(input.backend)?.state === 'removed';
  const readable = (backend: string) => {
    const state = ctx.pool.get(backend)?.state;
    return state !== undefined && state !== 'removed';
  };
  if (removed && !record.copies.some((c) => readable(c.backend))) return { kind: 'lost' };
  let to: string | undefined;
  if (staying.length < factorOf(ctx, record.bucket)) {
    const holders = record.copies.map((c) => c.backend);
    const policy = ctx.policyOf(record.bucket);
    const [target] = await ctx.placer.replicaTargets(policy, record, 1, holders);
    if (target === undefined) {
      throw new NoWritableBackendError(
        `no backend can take the copy of ${record.bucket}/${record.key} leaving ${input.backend}`,
      );
    }
    if (!(await addCopyOn(ctx, record, target, input.signal))) return { kind: 'stale' };
    to = target.name;
  }
  const taken = await ctx.store.transaction((tx) =>
    takeCopyOff(tx, record, input.backend, removed ? undefined : 'evacuated'),
  );
  if (taken === undefined) return { kind: 'stale' };
  return to === undefined ? { kind: 'removed' } : { kind: 'moved', to };
}
