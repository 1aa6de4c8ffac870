import type { MetaTx, ObjectCondition } from '@strata/metastore-core';
import { createWriteId } from '../write-id.js';
import { isDefinitelyRolledBack, mapCommitError } from './commit.js';
import type { LayerContext } from './context.js';
import { IntentLease, type BlobTarget } from './intent-lease.js';
import { blobNameFor } from './load.js';
import { placeWrite } from './placement.js';

/** One write of a fresh blob followed by one commit transaction. */
export interface WriteSteps<W, R> {
  readonly bucket: string;
  readonly key: string;
  /** Expected size, for placement. */
  readonly size?: number | undefined;
  /** The condition the commit checks (for mapping its failure to an S3 answer). */
  readonly condition?: ObjectCondition | undefined;
  /** Writes the bytes of `target.blob`; must have finished (or failed) all backend I/O when it settles. */
  write(target: BlobTarget): Promise<W>;
  /** Runs inside the commit transaction; must not await any backend call (invariant 4). */
  commit(tx: MetaTx, written: W, target: BlobTarget): Promise<R>;
}

/**
 * The write discipline every new blob follows (DESIGN invariants 2–4 and 6): place, record the
 * intent, write the bytes, commit the row and remove the intent in one short transaction. On any
 * failure before the commit is known to have happened, the new blob is deleted (best effort) and
 * the intent removed only once the delete worked, so the reaper finishes any cleanup left over.
 * A committed row never points at a deleted blob, and no previous version is touched here.
 */
export async function runWrite<W, R>(ctx: LayerContext, steps: WriteSteps<W, R>): Promise<R> {
  const backend = placeWrite(ctx.backends, steps);
  const writeId = createWriteId(ctx.now().getTime());
  const target: BlobTarget = {
    bucket: steps.bucket,
    key: steps.key,
    backend,
    blob: blobNameFor(steps.bucket, steps.key, writeId),
    writeId,
  };
  const lease = await IntentLease.acquire(ctx, target);
  let committing = false;
  try {
    const written = await steps.write(target);
    lease.assertAlive();
    committing = true;
    return await ctx.store.transaction(async (tx) => {
      const result = await steps.commit(tx, written, target);
      await tx.intents.remove(target.writeId);
      return result;
    });
  } catch (error) {
    if (!committing || isDefinitelyRolledBack(error)) {
      // No signal here: cleanup must still run when the client that caused the failure is gone.
      await lease.discard(() => backend.delete(target.blob));
    }
    throw committing ? mapCommitError(error, steps.condition, steps) : error;
  } finally {
    lease.stop();
  }
}
