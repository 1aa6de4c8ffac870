import type { MetaTx } from '@strata/metastore-core';
import type { BucketPolicy } from '../types.js';
import type { LayerContext } from './context.js';
import type { PlacementRequest } from './placement.js';

/** How many copies of a write are made at once, and how many must succeed. */
export function copiesNow(
  policy: BucketPolicy,
  fanOut: boolean,
): { count: number; quorum: number } {
  const replication = policy.replication;
  const factor = Math.max(1, replication?.factor ?? 1);
  if (!fanOut || factor === 1 || replication?.mode !== 'sync') return { count: 1, quorum: 1 };
  const quorum = Math.min(factor, Math.max(1, replication.writeQuorum ?? factor));
  return { count: factor, quorum };
}

/** Replication jobs to queue in a write's commit transaction. */
export interface ReplicaPlan {
  /** Queues the jobs (inside the commit: they exist exactly when the version does). */
  enqueue(tx: MetaTx): Promise<void>;
}

/** Where a version's copies are: its bucket, key, version, and the backends holding it. */
export interface StoredVersion {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  readonly size: number;
  /** Backends that hold the version now; the first is the replication source. */
  readonly holders: readonly string[];
}

/**
 * Chooses backends for the copies `policy.replication.factor` still wants beyond `holders`:
 * backends that could take the copy now first, then (so a copy is not forgotten while a backend
 * is unhealthy or over a limit) the policy's other active backends, which the replication worker
 * retries with backoff. Runs before the commit: choosing may read usage from the metastore.
 */
export async function planVersionReplicas(
  ctx: LayerContext,
  policy: BucketPolicy,
  version: StoredVersion,
): Promise<ReplicaPlan> {
  const missing = Math.max(1, policy.replication?.factor ?? 1) - version.holders.length;
  const source = version.holders[0];
  if (missing <= 0 || source === undefined) return { enqueue: () => Promise.resolve() };
  const request: PlacementRequest = {
    bucket: version.bucket,
    key: version.key,
    size: version.size,
  };
  const ready = await ctx.placer.replicaTargets(policy, request, missing, version.holders);
  const names = ready.map((m) => m.name);
  const others = (policy.backends ?? ctx.pool.members().map((m) => m.name)).filter(
    (name) =>
      !names.includes(name) &&
      !version.holders.includes(name) &&
      ctx.pool.get(name)?.state === 'active',
  );
  const targets = [...names, ...others].slice(0, missing);
  return {
    async enqueue(tx) {
      for (const targetBackend of targets) {
        await tx.replication.enqueue({
          bucket: version.bucket,
          key: version.key,
          versionId: version.versionId,
          sourceBackend: source,
          targetBackend,
        });
      }
    },
  };
}

/** {@link planVersionReplicas} for what a {@link runWrite} step stored. */
export function planReplicas(
  ctx: LayerContext,
  policy: BucketPolicy,
  request: { readonly bucket: string; readonly key: string },
  written: {
    readonly size: number;
    readonly stored: readonly {
      readonly writeId: string;
      readonly backend: { readonly name: string };
    }[];
  },
): Promise<ReplicaPlan> {
  return planVersionReplicas(ctx, policy, {
    bucket: request.bucket,
    key: request.key,
    versionId: written.stored[0]?.writeId ?? '',
    size: written.size,
    holders: written.stored.map((t) => t.backend.name),
  });
}
