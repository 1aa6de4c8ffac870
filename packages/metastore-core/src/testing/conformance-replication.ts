import { describe, expect, it } from 'vitest';
import { MetastoreNotFoundError } from '../errors.js';
import type { ReplicationRequest } from '../replication-repo.js';
import type { ConformanceOpener } from './fixtures.js';
import { rejection, useStores } from './fixtures.js';

/** A replication request for `key`, version v1, from b1 to `target`. */
export function makeReplication(key: string, target = 'b2'): ReplicationRequest {
  return { bucket: 'b', key, versionId: 'v1', sourceBackend: 'b1', targetBackend: target };
}

/** The replication queue. */
export function describeReplication(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('replication queue', () => {
    it('enqueues one job per (bucket, key, version, target)', async () => {
      const store = await stores.fresh();
      expect(await store.replication.enqueue(makeReplication('k'))).toBe(true);
      expect(await store.replication.enqueue(makeReplication('k'))).toBe(false);
      expect(
        await store.replication.enqueue({ ...makeReplication('k'), sourceBackend: 'b9' }),
      ).toBe(false);
      expect(await store.replication.enqueue(makeReplication('k', 'b3'))).toBe(true);
      expect(await store.replication.enqueue({ ...makeReplication('k'), versionId: 'v2' })).toBe(
        true,
      );
      expect(await store.replication.enqueue({ ...makeReplication('k'), bucket: 'c' })).toBe(true);
      expect(await store.replication.stats()).toEqual({
        pending: 4,
        dead: 0,
        pendingByTarget: { b2: 3, b3: 1 },
      });
    });

    it('claims due jobs oldest first with every field, hiding them for the lease', async () => {
      const store = await stores.fresh();
      await store.replication.enqueue(makeReplication('a'));
      await store.replication.enqueue(makeReplication('b'));
      await store.replication.enqueue({ ...makeReplication('later'), notBefore: new Date(50_000) });
      const now = new Date(10_000);
      const [first] = await store.replication.claim(now, 1, 30_000);
      expect(first).toEqual({
        id: first!.id,
        bucket: 'b',
        key: 'a',
        versionId: 'v1',
        sourceBackend: 'b1',
        targetBackend: 'b2',
        attempts: 0,
        lastError: undefined,
        enqueuedAt: expect.any(Date) as Date,
      });
      expect((await store.replication.claim(now, 10, 30_000)).map((j) => j.key)).toEqual(['b']);
      expect(await store.replication.claim(new Date(39_999), 10, 30_000)).toEqual([]);
      expect((await store.replication.claim(new Date(50_000), 10, 1)).map((j) => j.key)).toEqual([
        'a',
        'b',
        'later',
      ]);
      expect(await store.replication.claim(now, 0, 1)).toEqual([]);
    });

    it('retries, then dead-letters; a dead job still blocks a duplicate enqueue', async () => {
      const store = await stores.fresh();
      await store.replication.enqueue(makeReplication('k'));
      await store.replication.enqueue(makeReplication('other'));
      const [job] = await store.replication.claim(new Date(1_000), 1, 60_000);
      expect(await store.replication.fail(job!.id, 'target 503', new Date(5_000), 2)).toBe('retry');
      expect(
        (await store.replication.claim(new Date(4_999), 10, 60_000)).map((j) => j.key),
      ).toEqual(['other']);
      const [retried] = await store.replication.claim(new Date(5_000), 10, 60_000);
      expect(retried).toMatchObject({ id: job!.id, attempts: 1, lastError: 'target 503' });
      expect(await store.replication.fail(job!.id, 'gone', new Date(6_000), 2)).toBe('dead');
      expect(await store.replication.claim(new Date(99_000_000), 10, 1)).toEqual([
        expect.objectContaining({ key: 'other' }),
      ]);
      expect(await store.replication.deadLetters(10)).toEqual([
        expect.objectContaining({ id: job!.id, key: 'k', attempts: 2, lastError: 'gone' }),
      ]);
      expect(await store.replication.stats()).toEqual({
        pending: 1,
        dead: 1,
        pendingByTarget: { b2: 1 },
      });
      expect(await store.replication.enqueue(makeReplication('k'))).toBe(false);
      const error = await rejection(store.replication.fail(424242, 'x', new Date(), 3));
      expect(error).toBeInstanceOf(MetastoreNotFoundError);
      expect(error).toMatchObject({ entity: 'replication-job', id: '424242' });
    });

    it('completes jobs; the same copy can be queued again afterwards', async () => {
      const store = await stores.fresh();
      await store.replication.enqueue(makeReplication('k'));
      const [job] = await store.replication.claim(new Date(1_000), 1, 1_000);
      await store.replication.complete(job!.id);
      await store.replication.complete(job!.id);
      expect(await store.replication.stats()).toEqual({ pending: 0, dead: 0, pendingByTarget: {} });
      expect(await store.replication.enqueue(makeReplication('k'))).toBe(true);
      const [again] = await store.replication.claim(new Date(1_000), 1, 1_000);
      expect(again!.id).not.toBe(job!.id);
    });
  });
}
