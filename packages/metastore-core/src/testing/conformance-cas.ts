import { describe, expect, it } from 'vitest';
import { ConditionFailedError } from '../errors.js';
import type { MetaStore } from '../store.js';
import type { ConformanceOpener } from './fixtures.js';
import { makeRecord, rejection, useStores } from './fixtures.js';

async function race(stores: readonly MetaStore[], writers: number) {
  const outcomes = await Promise.allSettled(
    Array.from({ length: writers }, (_, i) =>
      stores[i % stores.length]!.objects.put(
        makeRecord('b', 'race', { size: i + 1, etag: `etag-${i}` }),
        {
          kind: 'absent',
        },
      ),
    ),
  );
  const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
  const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  return { winners, losers };
}

/** Compare-and-swap semantics of `put` and `delete`. */
export function describeConditionalWrites(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('conditional writes', () => {
    it('lets exactly one of 20 concurrent If-None-Match writers win on one store', async () => {
      const store = await stores.fresh();
      const { winners, losers } = await race([store], 20);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(19);
      for (const loser of losers) {
        expect(loser).toBeInstanceOf(ConditionFailedError);
        expect(loser).toMatchObject({ code: 'ECONDITION', reason: 'exists' });
      }
      expect((await store.objects.get('b', 'race'))?.etag).toBe(`etag-${winners[0]}`);
      expect(await store.usage.byBucket('b')).toEqual({ bytes: winners[0]! + 1, objects: 1 });
    });

    it('lets exactly one of 20 concurrent writers win across 4 stores on one database', async () => {
      const name = stores.newName();
      const instances = [];
      for (let i = 0; i < 4; i++) instances.push(await stores.open(name));
      const { winners, losers } = await race(instances, 20);
      expect(winners).toHaveLength(1);
      expect(losers.every((l) => l instanceof ConditionFailedError && l.reason === 'exists')).toBe(
        true,
      );
      for (const instance of instances) {
        expect((await instance.objects.get('b', 'race'))?.etag).toBe(`etag-${winners[0]}`);
      }
      expect(await instances[0]!.usage.byBucket('b')).toEqual({
        bytes: winners[0]! + 1,
        objects: 1,
      });
    });

    it('replaces only when the ETag matches (If-Match)', async () => {
      const store = await stores.fresh();
      expect(
        await rejection(store.objects.put(makeRecord('b', 'k'), { kind: 'etag', etag: 'x' })),
      ).toMatchObject({
        reason: 'missing',
      });
      const first = makeRecord('b', 'k', { etag: 'aaa' });
      await store.objects.put(first);
      const wrong = await rejection(
        store.objects.put(makeRecord('b', 'k', { etag: 'bbb' }), { kind: 'etag', etag: 'zzz' }),
      );
      expect(wrong).toMatchObject({ code: 'ECONDITION', reason: 'etag-mismatch' });
      expect((await store.objects.get('b', 'k'))?.etag).toBe('aaa');
      const { previous } = await store.objects.put(makeRecord('b', 'k', { etag: 'bbb' }), {
        kind: 'etag',
        etag: 'aaa',
      });
      expect(previous?.versionId).toBe(first.versionId);
      // A quoted ETag, as clients send it, matches too.
      await store.objects.put(makeRecord('b', 'k', { etag: 'ccc' }), {
        kind: 'etag',
        etag: '"bbb"',
      });
      expect((await store.objects.get('b', 'k'))?.etag).toBe('ccc');
    });

    it('checks the version for internal compare-and-swap', async () => {
      const store = await stores.fresh();
      const first = makeRecord('b', 'k');
      await store.objects.put(first, { kind: 'version', versionId: null });
      expect(
        await rejection(
          store.objects.put(makeRecord('b', 'k'), { kind: 'version', versionId: null }),
        ),
      ).toMatchObject({
        reason: 'version-mismatch',
      });
      expect(
        await rejection(
          store.objects.put(makeRecord('b', 'k'), { kind: 'version', versionId: 'other' }),
        ),
      ).toMatchObject({ reason: 'version-mismatch' });
      expect(
        await rejection(
          store.objects.put(makeRecord('b', 'nope'), { kind: 'version', versionId: 'v' }),
        ),
      ).toMatchObject({ reason: 'missing' });
      const withReplica = {
        ...first,
        copies: [...first.copies, { backend: 'b2', blob: 'replica' }],
      };
      const { previous } = await store.objects.put(withReplica, {
        kind: 'version',
        versionId: first.versionId,
      });
      expect(previous).toEqual(first);
      expect((await store.usage.byBackend()).b2).toEqual({ bytes: first.size, objects: 1 });
      expect(await store.usage.byBucket('b')).toEqual({ bytes: first.size, objects: 1 });
    });

    it('applies conditions to delete', async () => {
      const store = await stores.fresh();
      await store.objects.put(makeRecord('b', 'k', { etag: 'aaa' }));
      expect(
        await rejection(store.objects.delete('b', 'k', { kind: 'etag', etag: 'bbb' })),
      ).toMatchObject({
        reason: 'etag-mismatch',
      });
      expect(await store.objects.get('b', 'k')).toBeDefined();
      expect(
        await rejection(store.objects.delete('b', 'gone', { kind: 'etag', etag: 'aaa' })),
      ).toMatchObject({
        reason: 'missing',
      });
      expect((await store.objects.delete('b', 'k', { kind: 'etag', etag: 'aaa' }))?.etag).toBe(
        'aaa',
      );
    });

    it('lets exactly one of concurrent If-Match writers on the same ETag win', async () => {
      const store = await stores.fresh();
      await store.objects.put(makeRecord('b', 'k', { etag: 'base' }));
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.objects.put(makeRecord('b', 'k', { etag: `next-${i}` }), {
            kind: 'etag',
            etag: 'base',
          }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    });
  });
}
