import { describe, expect, it } from 'vitest';
import type { MetaStore } from '../store.js';
import type { WriteIntent } from '../types.js';
import { openMany } from './conformance-concurrency.js';
import type { ConformanceOpener } from './fixtures.js';
import { makeRecord, useStores } from './fixtures.js';

function intentFor(id: string, blob: string, expiresAt = 9_000_000_000_000): WriteIntent {
  return { id, backend: 'b1', blob, bucket: 'b', key: 'k', expiresAt: new Date(expiresAt) };
}

async function enqueue(store: MetaStore, blob: string, backend = 'b1'): Promise<void> {
  await store.cleanup.enqueue({ backend, blob, size: 1, reason: 'overwritten' });
}

/**
 * The cleanup claim that proves its blobs unreferenced (`cleanup.claimDeletable`), and the
 * intent removal a commit uses as its fence against the reaper (`intents.remove`).
 */
export function describeCleanupClaims(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('cleanup claims that prove a blob unreferenced', () => {
    it('leases jobs whose blob nothing names, and drops those a copy or an intent names', async () => {
      const store = await stores.fresh();
      const live = makeRecord('b', 'live', { copies: [{ backend: 'b1', blob: 'live-blob' }] });
      await store.objects.put(live);
      await store.intents.add(intentFor('w1', 'pending-blob'));
      await enqueue(store, 'live-blob');
      await enqueue(store, 'pending-blob');
      await enqueue(store, 'garbage');
      // Same name, other backend: a reference is to (backend, blob), not to a name alone.
      await enqueue(store, 'live-blob', 'b2');

      const claim = await store.cleanup.claimDeletable(new Date(1_000), 10, 60_000);
      expect(claim.jobs.map((j) => [j.backend, j.blob])).toEqual([
        ['b1', 'garbage'],
        ['b2', 'live-blob'],
      ]);
      expect(claim.referenced.map((j) => j.blob)).toEqual(['live-blob', 'pending-blob']);
      expect(claim.referenced[0]).toMatchObject({ backend: 'b1', reason: 'overwritten' });
      // Dropped jobs are gone (no orphan bytes owed); leased ones stay until completed.
      expect(await store.cleanup.stats()).toMatchObject({ pending: 2, dead: 0, orphanBytes: 2 });
      expect(await store.cleanup.claimDeletable(new Date(1_000), 10, 60_000)).toEqual({
        jobs: [],
        referenced: [],
      });
      const again = await store.cleanup.claimDeletable(new Date(61_000), 10, 60_000);
      expect(again.jobs.map((j) => j.id)).toEqual(claim.jobs.map((j) => j.id));
      expect(await store.objects.get('b', 'live')).toEqual(live);
    });

    it('counts dropped jobs against the limit, and claims nothing for a limit of 0', async () => {
      const store = await stores.fresh();
      await store.objects.put(makeRecord('b', 'k', { copies: [{ backend: 'b1', blob: 'x1' }] }));
      for (const blob of ['x1', 'x2', 'x3']) await enqueue(store, blob);
      expect(await store.cleanup.claimDeletable(new Date(1_000), 0, 1_000)).toEqual({
        jobs: [],
        referenced: [],
      });
      const first = await store.cleanup.claimDeletable(new Date(1_000), 2, 1_000);
      expect(first.referenced.map((j) => j.blob)).toEqual(['x1']);
      expect(first.jobs.map((j) => j.blob)).toEqual(['x2']);
      const second = await store.cleanup.claimDeletable(new Date(1_000), 2, 1_000);
      expect(second).toEqual({ jobs: [expect.objectContaining({ blob: 'x3' })], referenced: [] });
    });

    it('claims a blob once its last reference is gone', async () => {
      const store = await stores.fresh();
      const first = makeRecord('b', 'k', { copies: [{ backend: 'b1', blob: 'old' }] });
      await store.objects.put(first);
      await enqueue(store, 'old');
      expect(
        (await store.cleanup.claimDeletable(new Date(1_000), 10, 1_000)).referenced,
      ).toHaveLength(1);
      // The overwrite that displaces the copy queues it again, in its own transaction.
      await store.transaction(async (tx) => {
        await tx.objects.put(makeRecord('b', 'k', { copies: [{ backend: 'b1', blob: 'new' }] }));
        await tx.cleanup.enqueue({ backend: 'b1', blob: 'old', size: 10, reason: 'overwritten' });
      });
      const claim = await store.cleanup.claimDeletable(new Date(1_000), 10, 1_000);
      expect(claim).toEqual({ jobs: [expect.objectContaining({ blob: 'old' })], referenced: [] });
    });

    it('inside a transaction, sees the references that transaction made', async () => {
      const store = await stores.fresh();
      await enqueue(store, 'x');
      const claim = await store.transaction(async (tx) => {
        await tx.intents.add(intentFor('w', 'x'));
        return tx.cleanup.claimDeletable(new Date(1_000), 10, 1_000);
      });
      expect(claim.jobs).toEqual([]);
      expect(claim.referenced.map((j) => j.blob)).toEqual(['x']);
    });

    it('never leases a blob that a concurrent commit makes referenced', async () => {
      // A commit moves its reference from its intent to a copy in one transaction; a claim
      // racing it must see one or the other, whichever commits first, on every dialect.
      const [writer, claimer] = await openMany(stores, 2);
      for (let round = 0; round < 12; round++) {
        const blob = `race-${round}`;
        await writer!.intents.add(intentFor(`w${round}`, blob));
        await enqueue(writer!, blob);
        const [claim] = await Promise.all([
          claimer!.cleanup.claimDeletable(new Date(1_000), 10, 60_000),
          writer!.transaction(async (tx) => {
            await tx.objects.put(
              makeRecord('b', `k${round}`, { copies: [{ backend: 'b1', blob }] }),
            );
            expect(await tx.intents.remove(`w${round}`)).toBe(true);
          }),
        ]);
        expect(claim.jobs).toEqual([]);
        expect(claim.referenced.map((j) => j.blob)).toEqual([blob]);
      }
    });

    it('hands each job to one of many concurrent claimers across 4 stores', async () => {
      const instances = await openMany(stores, 4);
      for (let n = 0; n < 40; n++) await enqueue(instances[0]!, `x${n}`);
      const claims = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          instances[i % 4]!.cleanup.claimDeletable(new Date(1_000), 4, 60_000),
        ),
      );
      const ids = claims.flatMap((claim) => claim.jobs.map((job) => job.id));
      expect(new Set(ids).size).toBe(ids.length);
      const rest = await instances[0]!.cleanup.claimDeletable(new Date(1_000), 100, 60_000);
      expect(ids.length + rest.jobs.length).toBe(40);
    });
  });

  describe('intent removal as the commit fence', () => {
    it('tells whether the intent was still there', async () => {
      const store = await stores.fresh();
      await store.intents.add(intentFor('a', 'blob-a'));
      expect(await store.intents.remove('a')).toBe(true);
      expect(await store.intents.remove('a')).toBe(false);
    });

    it('answers false once the reaper has queued the blob, so the commit can roll back', async () => {
      const [writer, reaper] = await openMany(stores, 2);
      await writer!.intents.add(intentFor('slow', 'slow-blob', 1_000));
      expect(await reaper!.intents.expire(new Date(2_000), 10)).toHaveLength(1);
      const committed = await writer!
        .transaction(async (tx) => {
          await tx.objects.put(
            makeRecord('b', 'k', { copies: [{ backend: 'b1', blob: 'slow-blob' }] }),
          );
          if (!(await tx.intents.remove('slow'))) throw new Error('intent reaped');
          return true;
        })
        .catch(() => false);
      expect(committed).toBe(false);
      expect(await writer!.objects.get('b', 'k')).toBeUndefined();
      const claim = await reaper!.cleanup.claimDeletable(new Date(3_000), 10, 1_000);
      expect(claim.jobs.map((j) => [j.blob, j.reason])).toEqual([['slow-blob', 'intent-expired']]);
    });

    it('of a commit and the reaper racing on one intent, exactly one wins', async () => {
      const [writer, reaper] = await openMany(stores, 2);
      for (let round = 0; round < 12; round++) {
        const id = `w${round}`;
        const blob = `b-${round}`;
        await writer!.intents.add(intentFor(id, blob, 1_000));
        const [committed, expired] = await Promise.all([
          writer!
            .transaction(async (tx) => {
              await tx.objects.put(
                makeRecord('b', `k${round}`, { copies: [{ backend: 'b1', blob }] }),
              );
              if (!(await tx.intents.remove(id))) throw new Error('intent reaped');
              return true;
            })
            .catch(() => false),
          reaper!.intents.expire(new Date(2_000), 10),
        ]);
        // Committed: the reaper found nothing (or skipped the locked row). Reaped: no commit.
        expect(committed).toBe(expired.length === 0);
        const claim = await reaper!.cleanup.claimDeletable(new Date(3_000), 10, 1_000);
        expect(claim.jobs.length).toBe(committed ? 0 : 1);
        // A blob the reaper queued is never referenced: claiming it for deletion is safe.
        for (const job of claim.jobs) {
          expect(await reaper!.objects.isBlobReferenced(job.backend, job.blob)).toBe(false);
        }
      }
    });
  });
}
