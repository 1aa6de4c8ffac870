import { describe, expect, it } from 'vitest';
import { MetastoreNotFoundError } from '../errors.js';
import type { WriteIntent } from '../types.js';
import type { ConformanceOpener } from './fixtures.js';
import { makeReplication } from './conformance-replication.js';
import { rejection, useStores } from './fixtures.js';

function makeIntent(id: string, expiresAt: number, backendUploadId?: string): WriteIntent {
  return {
    id,
    backend: 'b1',
    blob: `blob-${id}`,
    bucket: 'b',
    key: `key-${id}`,
    expiresAt: new Date(expiresAt),
    backendUploadId,
  };
}

/** Write intents and the cleanup queue. */
export function describeQueues(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('write intents', () => {
    it('turns expired intents into cleanup jobs atomically and deletes them', async () => {
      const store = await stores.fresh();
      await store.intents.add(makeIntent('i1', 1_000));
      await store.intents.add(makeIntent('i2', 2_000, 'native-7'));
      await store.intents.add(makeIntent('i3', 9_000));
      await store.intents.add(makeIntent('i4', 3_000));
      await store.intents.remove('i4');
      await store.intents.extend('i1', new Date(8_000));

      const moved = await store.intents.expire(new Date(5_000), 10);
      expect(moved).toEqual([makeIntent('i2', 2_000, 'native-7')]);
      expect(await store.intents.expire(new Date(5_000), 10)).toEqual([]);
      const jobs = await store.cleanup.claim(new Date(5_000), 10, 60_000);
      expect(jobs).toEqual([
        {
          id: jobs[0]!.id,
          backend: 'b1',
          blob: 'blob-i2',
          size: 0,
          reason: 'intent-expired',
          attempts: 0,
          lastError: undefined,
          backendUploadId: 'native-7',
        },
      ]);

      const limited = await store.intents.expire(new Date(10_000), 1);
      expect(limited.map((i) => i.id)).toEqual(['i1']);
      expect((await store.intents.expire(new Date(10_000), 5)).map((i) => i.id)).toEqual(['i3']);
      expect((await store.cleanup.stats()).pending).toBe(3);
    });

    it('refuses to extend an intent that is gone, so its writer can abort', async () => {
      const store = await stores.fresh();
      await store.intents.add(makeIntent('i1', 1_000));
      await store.intents.expire(new Date(2_000), 10);
      const error = await rejection(store.intents.extend('i1', new Date(99_000)));
      expect(error).toBeInstanceOf(MetastoreNotFoundError);
      expect(error).toMatchObject({ code: 'EMETA_NOT_FOUND', entity: 'intent', id: 'i1' });
    });
  });

  describe('cleanup queue', () => {
    it('claims due jobs oldest first, hiding them for the lease', async () => {
      const store = await stores.fresh();
      for (const n of [1, 2, 3])
        await store.cleanup.enqueue({
          backend: 'b1',
          blob: `x${n}`,
          size: n * 100,
          reason: 'overwritten',
        });
      await store.cleanup.enqueue({
        backend: 'b2',
        blob: 'later',
        size: 5,
        reason: 'grace',
        notBefore: new Date(50_000),
      });
      const now = new Date(10_000);
      const first = await store.cleanup.claim(now, 2, 30_000);
      expect(first.map((j) => j.blob)).toEqual(['x1', 'x2']);
      const second = await store.cleanup.claim(now, 10, 30_000);
      expect(second.map((j) => j.blob)).toEqual(['x3']);
      expect(await store.cleanup.claim(new Date(39_999), 10, 30_000)).toEqual([]);
      // The lease ran out (the worker died): the jobs come due again, and so has 'later'.
      const again = await store.cleanup.claim(new Date(50_000), 10, 30_000);
      expect(again.map((j) => j.blob)).toEqual(['x1', 'x2', 'x3', 'later']);
      expect(await store.cleanup.claim(now, 0, 1)).toEqual([]);
    });

    it('keeps a job hidden while its claimer extends the lease, and leaves finished jobs alone', async () => {
      const store = await stores.fresh();
      for (const n of [1, 2, 3])
        await store.cleanup.enqueue({ backend: 'b1', blob: `x${n}`, size: 1, reason: 'r' });
      const claimed = await store.cleanup.claim(new Date(10_000), 10, 5_000);
      expect(claimed).toHaveLength(3);
      const [x1, x2, x3] = claimed.map((j) => j.id);
      await store.cleanup.complete(x3!);
      await store.cleanup.fail(x2!, 'boom', new Date(12_000), 1);
      await store.cleanup.extendLease([x1!, x2!, x3!], new Date(60_000));
      // x1's lease now runs to 60 s; x2 stays dead (not revived by the extension); x3 is gone.
      expect(await store.cleanup.claim(new Date(59_999), 10, 5_000)).toEqual([]);
      expect((await store.cleanup.claim(new Date(60_000), 10, 5_000)).map((j) => j.blob)).toEqual([
        'x1',
      ]);
      expect((await store.cleanup.deadLetters(10)).map((j) => j.blob)).toEqual(['x2']);
      await store.cleanup.extendLease([], new Date(0));
    });

    it('never hands one job to two concurrent claimers', async () => {
      const name = stores.newName();
      const a = await stores.open(name);
      const b = await stores.open(name);
      for (let n = 0; n < 30; n++)
        await a.cleanup.enqueue({ backend: 'b1', blob: `x${n}`, size: 1, reason: 'r' });
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 === 0 ? a : b).cleanup.claim(new Date(1_000), 7, 60_000),
        ),
      );
      const ids = claims.flat().map((j) => j.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    });

    it('retries failed jobs at retryAt, then dead-letters them, keeping their orphan bytes', async () => {
      const store = await stores.fresh();
      await store.cleanup.enqueue({
        backend: 'b1',
        blob: 'x',
        size: 700,
        reason: 'overwritten',
        backendUploadId: 'n1',
      });
      await store.cleanup.enqueue({ backend: 'b2', blob: 'y', size: 11, reason: 'overwritten' });
      const [job] = await store.cleanup.claim(new Date(1_000), 1, 60_000);
      expect(job).toMatchObject({ blob: 'x', attempts: 0, backendUploadId: 'n1' });

      expect(await store.cleanup.fail(job!.id, 'ECONNRESET', new Date(5_000), 3)).toBe('retry');
      expect(await store.cleanup.claim(new Date(4_999), 10, 60_000)).toEqual([
        expect.objectContaining({ blob: 'y' }),
      ]);
      const [retried] = await store.cleanup.claim(new Date(5_000), 10, 60_000);
      expect(retried).toMatchObject({ id: job!.id, attempts: 1, lastError: 'ECONNRESET' });
      expect(await store.cleanup.fail(job!.id, 'again', new Date(6_000), 3)).toBe('retry');
      expect(await store.cleanup.fail(job!.id, 'for good', new Date(7_000), 3)).toBe('dead');

      expect(await store.cleanup.claim(new Date(99_000_000), 10, 1)).toEqual([
        expect.objectContaining({ blob: 'y' }),
      ]);
      expect(await store.cleanup.deadLetters(10)).toEqual([
        expect.objectContaining({
          id: job!.id,
          blob: 'x',
          attempts: 3,
          lastError: 'for good',
          size: 700,
        }),
      ]);
      expect(await store.cleanup.stats()).toEqual({
        pending: 1,
        dead: 1,
        orphanBytes: 711,
        orphanBytesByBackend: { b1: 700, b2: 11 },
      });
      expect(await rejection(store.cleanup.fail(424242, 'x', new Date(), 3))).toBeInstanceOf(
        MetastoreNotFoundError,
      );
    });

    it('retries or purges dead letters when an operator says so, all or by id, never a pending job', async () => {
      const store = await stores.fresh();
      for (const blob of ['a', 'b', 'c', 'live']) {
        await store.cleanup.enqueue({ backend: 'b1', blob, size: 10, reason: 'r' });
      }
      const jobs = await store.cleanup.claim(new Date(1_000), 4, 1);
      const id = (blob: string) => jobs.find((j) => j.blob === blob)!.id;
      for (const blob of ['a', 'b', 'c']) {
        expect(await store.cleanup.fail(id(blob), `gone ${blob}`, new Date(2_000), 1)).toBe('dead');
      }
      // A pending job is neither retried nor purged, even named.
      expect(await store.cleanup.retryDead([id('a'), id('live')])).toBe(1);
      expect(await store.cleanup.retryDead([])).toBe(0);
      const [again, live] = await store.cleanup.claim(new Date(1_500), 10, 1);
      // Due at once, its attempts reset, its last error kept.
      expect(again).toMatchObject({ blob: 'a', attempts: 0, lastError: 'gone a' });
      expect(live).toMatchObject({ blob: 'live' });
      expect(await store.cleanup.purgeDead([id('b'), id('live')])).toBe(1);
      expect((await store.cleanup.deadLetters(10)).map((j) => j.blob)).toEqual(['c']);
      expect(await store.cleanup.stats()).toMatchObject({ pending: 2, dead: 1, orphanBytes: 30 });
      expect(await store.cleanup.purgeDead()).toBe(1);
      expect(await store.cleanup.retryDead()).toBe(0);
      expect(await store.cleanup.stats()).toMatchObject({ pending: 2, dead: 0 });

      // The replication queue shares the mechanism: a dead job blocks its re-enqueue until retried.
      const copy = makeReplication('k');
      await store.replication.enqueue(copy);
      const [replication] = await store.replication.claim(new Date(1_000), 1, 1);
      await store.replication.fail(replication!.id, 'b2 down', new Date(2_000), 1);
      expect(await store.replication.enqueue(copy)).toBe(false);
      expect(await store.replication.retryDead()).toBe(1);
      expect(await store.replication.claim(new Date(1_000), 1, 1)).toEqual([
        expect.objectContaining({ key: 'k', attempts: 0 }),
      ]);
      expect(await store.replication.stats()).toMatchObject({ pending: 1, dead: 0 });
    });

    it('completes jobs, releasing their orphan bytes', async () => {
      const store = await stores.fresh();
      await store.cleanup.enqueue({ backend: 'b1', blob: 'x', size: 40, reason: 'r' });
      await store.cleanup.enqueue({ backend: 'b1', blob: 'y', size: 2, reason: 'r' });
      const jobs = await store.cleanup.claim(new Date(1_000), 10, 1_000);
      await store.cleanup.complete(jobs[0]!.id);
      await store.cleanup.complete(jobs[0]!.id);
      expect(await store.cleanup.stats()).toMatchObject({ pending: 1, dead: 0, orphanBytes: 2 });
      await store.cleanup.complete(jobs[1]!.id);
      expect(await store.cleanup.stats()).toMatchObject({ pending: 0, dead: 0, orphanBytes: 0 });
    });

    it('never reuses the id of a completed job', async () => {
      const store = await stores.fresh();
      await store.cleanup.enqueue({ backend: 'b1', blob: 'x', size: 1, reason: 'r' });
      const [first] = await store.cleanup.claim(new Date(1_000), 1, 1);
      await store.cleanup.complete(first!.id);
      await store.cleanup.enqueue({ backend: 'b1', blob: 'y', size: 1, reason: 'r' });
      const [second] = await store.cleanup.claim(new Date(1_000), 1, 1);
      expect(second!.id).not.toBe(first!.id);
    });
  });
}
