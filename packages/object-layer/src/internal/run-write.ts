import type { MetaTx, ObjectCondition } from '@strata/metastore-core';
import { IntentExpiredError } from '../errors.js';
import { createWriteId } from '../write-id.js';
import { isDefinitelyRolledBack, mapCommitError } from './commit.js';
import type { LayerContext } from './context.js';
import { IntentLease, type BlobTarget } from './intent-lease.js';
import { blobNameFor } from './load.js';
import { copiesNow, planReplicas, type ReplicaPlan } from './replicas.js';

/** What a write stored: its result, and which targets hold the bytes. */
export interface Written<W> {
  readonly value: W;
  /** Bytes stored on each target (the object's size). */
  readonly size: number;
  /** The targets that hold the whole body: at least the quorum. */
  readonly stored: readonly BlobTarget[];
}

/** One write of a fresh blob (on one or several backends) followed by one commit transaction. */
export interface WriteSteps<W, R> {
  readonly bucket: string;
  readonly key: string;
  /** Expected size, for placement. */
  readonly size?: number | undefined;
  /** The condition the commit checks (for mapping its failure to an S3 answer). */
  readonly condition?: ObjectCondition | undefined;
  /**
   * Whether the bytes may be written to several backends at once (a PUT body under `sync`
   * replication); otherwise one copy is written and the others are queued.
   */
  readonly fanOut?: boolean | undefined;
  /**
   * Writes the bytes to every target, or at least `quorum` of them; must have finished (or failed)
   * all backend I/O when it settles. Throws when fewer than `quorum` hold the bytes.
   */
  write(targets: readonly BlobTarget[], quorum: number): Promise<Written<W>>;
  /** Runs inside the commit transaction; must not await any backend call (it holds locks). */
  commit(tx: MetaTx, written: W, stored: readonly BlobTarget[]): Promise<R>;
}

/**
 * The write discipline every new blob follows (docs/architecture.md): place, record an
 * intent per target, write the bytes, then commit the row, remove the intents and queue the
 * copies the bucket's replication factor still lacks, in one short transaction. On any failure
 * before the commit is known to have happened, each new blob is deleted (best effort) and its
 * intent removed only once the delete worked, so the reaper finishes any cleanup left over. A
 * target that failed while others met the quorum is cleaned up the same way. A committed row
 * never points at a deleted blob, and no previous version is touched here.
 */
export async function runWrite<W, R>(ctx: LayerContext, steps: WriteSteps<W, R>): Promise<R> {
  const policy = ctx.policyOf(steps.bucket);
  const { count, quorum } = copiesNow(policy, steps.fanOut === true);
  const placement = await ctx.placer.place(policy, steps, count, quorum);
  try {
    const writeId = createWriteId(ctx.now().getTime());
    const blob = blobNameFor(steps.bucket, steps.key, writeId);
    const targets = placement.members.map((member, i): BlobTarget => ({
      bucket: steps.bucket,
      key: steps.key,
      backend: member.backend,
      blob,
      writeId,
      intentId: i === 0 ? writeId : `${writeId}.${i}`,
    }));
    return await writeAndCommit(ctx, steps, targets, quorum, policy);
  } finally {
    placement.release();
  }
}

async function writeAndCommit<W, R>(
  ctx: LayerContext,
  steps: WriteSteps<W, R>,
  targets: readonly BlobTarget[],
  quorum: number,
  policy: ReturnType<LayerContext['policyOf']>,
): Promise<R> {
  const leases = await acquireAll(ctx, targets);
  const pending = new Set(leases);
  const discard = (lease: IntentLease) => {
    pending.delete(lease);
    // No signal here: cleanup must still run when the client that caused the failure is gone.
    return lease.discard(() => lease.target.backend.delete(lease.target.blob));
  };
  let committing = false;
  try {
    const written = await steps.write(targets, quorum);
    const stored = new Set(written.stored);
    await Promise.all(leases.filter((l) => !stored.has(l.target)).map(discard));
    for (const lease of pending) lease.assertAlive();
    const replicas: ReplicaPlan = await planReplicas(ctx, policy, steps, written);
    committing = true;
    const result = await ctx.store.transaction(async (tx) => {
      const value = await steps.commit(tx, written.value, written.stored);
      for (const target of written.stored) {
        // The fence against the reaper: a missing intent was expired and its blob queued for
        // deletion, so the row must not reference it (the throw rolls the commit back).
        if (!(await tx.intents.remove(target.intentId))) throw new IntentExpiredError();
      }
      await replicas.enqueue(tx);
      return value;
    });
    for (const target of written.stored) ctx.placer.committed(target.backend.name, written.size);
    return result;
  } catch (error) {
    if (!committing || isDefinitelyRolledBack(error)) await Promise.all([...pending].map(discard));
    throw committing ? mapCommitError(error, steps.condition, steps) : error;
  } finally {
    for (const lease of leases) lease.stop();
  }
}

/** Records every target's intent; if one fails, the ones recorded are removed again. */
async function acquireAll(
  ctx: LayerContext,
  targets: readonly BlobTarget[],
): Promise<IntentLease[]> {
  const leases: IntentLease[] = [];
  try {
    for (const target of targets) leases.push(await IntentLease.acquire(ctx, target));
    return leases;
  } catch (error) {
    // No byte was written yet: dropping the intents is all the cleanup there is.
    await Promise.all(leases.map((lease) => lease.discard(() => Promise.resolve())));
    throw error;
  }
}
