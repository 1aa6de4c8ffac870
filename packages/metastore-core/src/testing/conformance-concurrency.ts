import { describe, expect, it } from 'vitest';
import { ConditionFailedError } from '../errors.js';
import type { MetaStore } from '../store.js';
import { makeEvent } from './conformance-outbox.js';
import { makeReplication } from './conformance-replication.js';
import { makePart, makeUpload } from './conformance-uploads.js';
import type { ConformanceOpener, StoreHarness } from './fixtures.js';
import { makeRecord, useStores } from './fixtures.js';

/** Several stores on one database: separate connections (real parallelism where the dialect has it). */
export async function openMany(stores: StoreHarness, count: number): Promise<MetaStore[]> {
  const name = stores.newName();
  const instances: MetaStore[] = [];
  for (let i = 0; i < count; i++) instances.push(await stores.open(name));
  return instances;
}

/**
 * Runs `claimers` concurrent claims of `limit` jobs spread over the stores, then one sweep for
 * whatever they left: resolves with every id handed out (duplicates included).
 */
async function claimConcurrently(
  instances: readonly MetaStore[],
  claimers: number,
  limit: number,
  claim: (store: MetaStore, limit: number) => Promise<readonly { id: number }[]>,
): Promise<number[]> {
  const claims = await Promise.all(
    Array.from({ length: claimers }, (_, i) => claim(instances[i % instances.length]!, limit)),
  );
  const sweep = await claim(instances[0]!, 1_000);
  return [...claims.flat(), ...sweep].map((job) => job.id);
}

/** Races between stores on one database: every contended operation takes effect exactly once. */
export function describeConcurrency(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('concurrency across stores', () => {
    it('lets exactly one of concurrent If-Match writers on one ETag win across stores', async () => {
      const instances = await openMany(stores, 4);
      await instances[0]!.objects.put(makeRecord('b', 'k', { etag: 'base', size: 5 }));
      const outcomes = await Promise.allSettled(
        Array.from({ length: 16 }, (_, i) =>
          instances[i % 4]!.objects.put(makeRecord('b', 'k', { etag: `next-${i}`, size: 7 }), {
            kind: 'etag',
            etag: 'base',
          }),
        ),
      );
      const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          expect(outcome.reason).toBeInstanceOf(ConditionFailedError);
          expect(outcome.reason).toMatchObject({ reason: 'etag-mismatch' });
        }
      }
      expect((await instances[1]!.objects.get('b', 'k'))?.etag).toBe(`next-${winners[0]}`);
      expect(await instances[2]!.usage.byBucket('b')).toEqual({ bytes: 7, objects: 1 });
    });

    it('applies concurrent unconditional writes of a new key one after another', async () => {
      const instances = await openMany(stores, 4);
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          instances[i % 4]!.objects.put(makeRecord('b', 'fresh', { size: 100 + i })),
        ),
      );
      // Every write but the first displaced exactly one earlier version: none was lost.
      const displaced = results.flatMap((r) => (r.previous ? [r.previous.versionId] : []));
      expect(displaced).toHaveLength(11);
      expect(new Set(displaced).size).toBe(11);
      const current = await instances[0]!.objects.get('b', 'fresh');
      expect(displaced).not.toContain(current!.versionId);
      expect(await instances[0]!.usage.byBucket('b')).toEqual({ bytes: current!.size, objects: 1 });
      expect((await instances[0]!.usage.byBackend()).b1).toEqual({
        bytes: current!.size,
        objects: 1,
      });
    });

    it('retires an upload once when several stores retire it at the same time', async () => {
      const instances = await openMany(stores, 4);
      for (const id of ['u1', 'u2', 'u3']) {
        await instances[0]!.uploads.create(makeUpload(id, `k-${id}`));
        await instances[0]!.uploads.putPart({ ...makePart(id, 1), size: 10 });
      }
      const outcomes = await Promise.all(
        ['u1', 'u2', 'u3'].flatMap((id) =>
          instances.map((store) => store.uploads.retire(id, 'aborted')),
        ),
      );
      expect(outcomes.filter((row) => row !== undefined)).toHaveLength(3);
      expect(await instances[1]!.cleanup.stats()).toMatchObject({ pending: 3, orphanBytes: 30 });
    });

    it('never lets a part land after a concurrent Complete dropped the parts', async () => {
      const instances = await openMany(stores, 2);
      await instances[0]!.uploads.create(makeUpload('u1', 'k'));
      const writes = Array.from({ length: 8 }, (_, n) =>
        instances[n % 2]!.uploads.putPart(makePart('u1', n + 1)).then(
          () => 'stored',
          () => 'refused',
        ),
      );
      await instances[1]!.uploads.markCompleted('u1', { etag: 'e-8', versionId: 'v' });
      await Promise.all(writes);
      expect(await instances[0]!.uploads.parts('u1')).toEqual([]);
    });

    it('moves each expired intent to the cleanup queue once across concurrent reapers', async () => {
      const instances = await openMany(stores, 3);
      for (let i = 0; i < 24; i++) {
        await instances[0]!.intents.add({
          id: `i${i}`,
          backend: 'b1',
          blob: `blob-${i}`,
          bucket: 'b',
          key: `k${i}`,
          expiresAt: new Date(1_000 + i),
        });
      }
      const moved = await Promise.all(
        Array.from({ length: 6 }, (_, i) => instances[i % 3]!.intents.expire(new Date(5_000), 5)),
      );
      const ids = moved.flat().map((intent) => intent.id);
      expect(new Set(ids).size).toBe(ids.length);
      const rest = await instances[0]!.intents.expire(new Date(5_000), 100);
      expect(ids.length + rest.length).toBe(24);
      expect((await instances[0]!.cleanup.stats()).pending).toBe(24);
    });

    it('hands each cleanup job to one of many concurrent claimers across 4 stores', async () => {
      const instances = await openMany(stores, 4);
      for (let n = 0; n < 40; n++) {
        await instances[0]!.cleanup.enqueue({ backend: 'b1', blob: `x${n}`, size: 1, reason: 'r' });
      }
      const claims = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          instances[i % 4]!.cleanup.claim(new Date(1_000), 4, 60_000),
        ),
      );
      const ids = claims.flat().map((job) => job.id);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
    });

    it('hands each replication job to one of many concurrent claimers across 4 stores', async () => {
      const instances = await openMany(stores, 4);
      for (let n = 0; n < 40; n++)
        await instances[0]!.replication.enqueue(makeReplication(`k${n}`));
      const ids = await claimConcurrently(instances, 12, 4, (store, limit) =>
        store.replication.claim(new Date(1_000), limit, 60_000),
      );
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
    });

    it('hands each outbox event to one of many concurrent claimers across 4 stores', async () => {
      const instances = await openMany(stores, 4);
      for (let n = 0; n < 40; n++) await instances[n % 4]!.outbox.append(makeEvent(`k${n}`));
      const ids = await claimConcurrently(instances, 12, 4, (store, limit) =>
        store.outbox.claim(new Date(1_000), limit, 60_000),
      );
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
    });

    it('claims, fails and claims again concurrently without losing or doubling a job', async () => {
      const instances = await openMany(stores, 4);
      for (let n = 0; n < 20; n++) {
        await instances[0]!.replication.enqueue(makeReplication(`k${n}`));
        await instances[0]!.outbox.append(makeEvent(`k${n}`));
      }
      // Every claimer fails what it got, due again in the next round, which claims it again.
      const seen = new Map<number, number>();
      for (let round = 1; round <= 3; round++) {
        const ids = await claimConcurrently(instances, 8, 3, async (store, limit) => {
          const jobs = await store.replication.claim(new Date(round * 10_000), limit, 1);
          for (const job of jobs) {
            await store.replication.fail(job.id, 'x', new Date((round + 1) * 10_000), 10);
          }
          return jobs;
        });
        expect(new Set(ids).size).toBe(20);
        expect(ids).toHaveLength(20);
        for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      expect([...seen.values()]).toEqual(Array.from({ length: 20 }, () => 3));
      const jobs = await instances[1]!.replication.claim(new Date(40_000), 100, 1);
      expect(jobs.map((j) => j.attempts)).toEqual(Array.from({ length: 20 }, () => 3));
      expect(await instances[2]!.outbox.stats()).toEqual({ pending: 20, dead: 0 });
    });

    it('keeps one replication job when many stores enqueue the same copy at once', async () => {
      const instances = await openMany(stores, 4);
      const outcomes = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          instances[i % 4]!.replication.enqueue(makeReplication('same')),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await instances[3]!.replication.stats()).toMatchObject({ pending: 1 });
    });
  });
}
