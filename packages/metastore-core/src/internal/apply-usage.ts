import type { ObjectRecord } from '../types.js';
import type { RepoContext } from './repo-context.js';

interface Delta {
  bytes: number;
  objects: number;
}

/** What usage counts of a version: its size, and the backends of its copies. */
export type UsageSubject = Pick<ObjectRecord, 'size' | 'copies'>;

/**
 * Moves the usage counters of `bucket` off the `removed` versions and onto the `added` ones: per
 * backend, one object and `size` bytes per copy; per bucket, one object and `size` bytes per
 * stored version. Two states of one version (a copy added or removed) move only the per-backend
 * counters.
 * All deltas go to the transaction's random shard with an upsert, so concurrent writers rarely
 * touch one row. Rows are written in backend order, so two transactions that do meet on a shard
 * lock its rows in the same order and wait for each other instead of deadlocking.
 */
export async function applyUsage(
  ctx: RepoContext,
  bucket: string,
  removed: readonly UsageSubject[],
  added: readonly UsageSubject[],
): Promise<void> {
  const byBackend = new Map<string, Delta>();
  const add = (record: UsageSubject, sign: 1 | -1) => {
    for (const copy of record.copies) {
      const delta = byBackend.get(copy.backend) ?? { bytes: 0, objects: 0 };
      delta.bytes += sign * record.size;
      delta.objects += sign;
      byBackend.set(copy.backend, delta);
    }
  };
  for (const record of removed) add(record, -1);
  for (const record of added) add(record, 1);
  const shard = ctx.shard();
  const rows = [...byBackend]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .filter(([, d]) => d.bytes !== 0 || d.objects !== 0)
    .map(([backend, d]) => ({ backend, bucket, shard, bytes: d.bytes, objects: d.objects }));
  if (rows.length > 0) {
    await ctx.db
      .insertInto('usage_shards')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['backend', 'bucket', 'shard']).doUpdateSet((eb) => ({
          bytes: eb(eb.ref('usage_shards.bytes'), '+', eb.ref('excluded.bytes')),
          objects: eb(eb.ref('usage_shards.objects'), '+', eb.ref('excluded.objects')),
        })),
      )
      .execute();
  }
  const sizeOf = (records: readonly UsageSubject[]) => records.reduce((n, r) => n + r.size, 0);
  const bytes = sizeOf(added) - sizeOf(removed);
  const objects = added.length - removed.length;
  if (bytes === 0 && objects === 0) return;
  await ctx.db
    .insertInto('bucket_usage_shards')
    .values({ bucket, shard, bytes, objects })
    .onConflict((oc) =>
      oc.columns(['bucket', 'shard']).doUpdateSet((eb) => ({
        bytes: eb(eb.ref('bucket_usage_shards.bytes'), '+', eb.ref('excluded.bytes')),
        objects: eb(eb.ref('bucket_usage_shards.objects'), '+', eb.ref('excluded.objects')),
      })),
    )
    .execute();
}
