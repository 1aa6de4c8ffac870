import { Readable } from 'node:stream';
import type { MetaTx } from '@strata/metastore-core';
import type { LayerContext } from './context.js';
import { blobNameFor, keyBackends } from './load.js';

/**
 * A delete marker's tombstone: an empty blob named `{prefix}{marker write id}.deleted` beside
 * the key's data blobs. Degraded reads, which find a key's newest write by listing its blobs,
 * see that the newest write of a deleted key is its delete, and answer 404 rather than serve
 * the bytes of a version the marker hides (the version itself must stay stored).
 */
export const TOMBSTONE_SUFFIX = '.deleted';

/** The blob name of the tombstone of a delete marker of `key` (its write id `markerId`). */
export function tombstoneNameFor(bucket: string, key: string, markerId: string): string {
  return `${blobNameFor(bucket, key, markerId)}${TOMBSTONE_SUFFIX}`;
}

/**
 * Writes a new delete marker's tombstone on each active backend of the bucket, after the marker
 * is committed. Best effort: a backend that is down or refuses misses it (degraded reads through
 * it then still find the hidden version), and the delete succeeds all the same, since the
 * metastore, which every normal read consults, already has the marker.
 *
 * Then the marker is looked up again: if it was deleted meanwhile, its deletion may have run
 * before these writes landed, so they are deleted here. Once the marker is seen, any later
 * deletion of it comes after the writes and removes them (a tombstone never outlives its marker
 * and hides a live key).
 */
export async function writeTombstones(
  ctx: LayerContext,
  bucket: string,
  key: string,
  markerId: string,
): Promise<void> {
  const blob = tombstoneNameFor(bucket, key, markerId);
  const targets = keyBackends(ctx, bucket).filter((name) => ctx.pool.get(name)?.state === 'active');
  await Promise.allSettled(
    targets.map(async (name) => {
      const empty = Readable.from([]);
      try {
        await ctx.backend(name).put(blob, empty, { size: 0 });
      } finally {
        empty.destroy();
      }
    }),
  );
  // A metastore that does not answer leaves them: the marker most likely stands.
  const gone = await ctx.store.versions.byWriteId(bucket, key, markerId).then(
    (version) => version?.kind !== 'marker',
    () => false,
  );
  if (gone) {
    await Promise.allSettled(targets.map(async (name) => ctx.backend(name).delete(blob)));
  }
}

/**
 * Inside the transaction that removes a delete marker: queues its tombstones for deletion on
 * every backend of the bucket (a missing blob deletes as a success), so that a key the marker
 * no longer hides is served again in degraded mode. The caller deletes them at once as well.
 */
export async function enqueueTombstones(
  ctx: LayerContext,
  tx: MetaTx,
  bucket: string,
  key: string,
  markerId: string,
): Promise<void> {
  const blob = tombstoneNameFor(bucket, key, markerId);
  for (const backend of keyBackends(ctx, bucket)) {
    await tx.cleanup.enqueue({ backend, blob, size: 0, reason: 'deleted' });
  }
}
