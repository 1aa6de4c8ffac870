import { describe, expect, it } from 'vitest';
import type { MetaStore } from '../store.js';
import type { ObjectRecord } from '../types.js';
import { openMany } from './conformance-concurrency.js';
import type { ConformanceOpener } from './fixtures.js';
import { byteSorted, makeRecord, useStores } from './fixtures.js';

/** A record of `size` bytes with one copy per backend named. */
function withCopies(bucket: string, key: string, size: number, ...backends: string[]) {
  return makeRecord(bucket, key, {
    size,
    copies: backends.map((backend) => ({ backend, blob: `${bucket}/${key}@${backend}` })),
  });
}

/** Every record `listByBackend` yields for `backend`, fetched `limit` at a time. */
async function listAll(store: MetaStore, backend: string, limit: number): Promise<ObjectRecord[]> {
  const all: ObjectRecord[] = [];
  for (;;) {
    const last = all.at(-1);
    const page = await store.objects.listByBackend(backend, {
      afterBucket: last?.bucket,
      afterKey: last?.key,
      limit,
    });
    expect(page.length).toBeLessThanOrEqual(limit);
    all.push(...page);
    if (page.length < limit) return all;
  }
}

/** Copies added to and removed from a live version, and listing a backend's objects. */
export function describeCopies(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('object copies', () => {
    it('adds a copy to the current version, counted on its backend only, once per backend', async () => {
      const store = await stores.fresh();
      const record = withCopies('b', 'k', 100, 'b1');
      await store.objects.put(record);
      const replica = { backend: 'b2', blob: 'b/k@replica' };
      expect(await store.objects.addCopy('b', 'k', record.versionId, replica)).toBe(true);
      expect(await store.objects.get('b', 'k')).toEqual({
        ...record,
        copies: [...record.copies, replica],
      });
      expect(await store.objects.isBlobReferenced('b2', replica.blob)).toBe(true);
      // Idempotent per backend, whatever the blob: a retry or a second replicator changes nothing.
      expect(await store.objects.addCopy('b', 'k', record.versionId, replica)).toBe(false);
      const other = { backend: 'b2', blob: 'b/k@other' };
      expect(await store.objects.addCopy('b', 'k', record.versionId, other)).toBe(false);
      expect(await store.objects.isBlobReferenced('b2', other.blob)).toBe(false);
      expect((await store.objects.get('b', 'k'))?.copies).toEqual([...record.copies, replica]);
      expect(await store.usage.byBackend()).toEqual({
        b1: { bytes: 100, objects: 1 },
        b2: { bytes: 100, objects: 1 },
      });
      expect(await store.usage.byBucket('b')).toEqual({ bytes: 100, objects: 1 });
    });

    it('refuses to add a copy to a version that was overwritten or deleted', async () => {
      const store = await stores.fresh();
      const first = withCopies('b', 'k', 100, 'b1');
      await store.objects.put(first);
      const second = withCopies('b', 'k', 40, 'b1');
      await store.objects.put(second);
      const late = { backend: 'b2', blob: 'late' };
      expect(await store.objects.addCopy('b', 'k', first.versionId, late)).toBe(false);
      expect(await store.objects.addCopy('b', 'never', first.versionId, late)).toBe(false);
      expect(await store.objects.addCopy('nobucket', 'k', second.versionId, late)).toBe(false);
      expect(await store.objects.get('b', 'k')).toEqual(second);
      await store.objects.delete('b', 'k');
      expect(await store.objects.addCopy('b', 'k', second.versionId, late)).toBe(false);
      expect(await store.objects.isBlobReferenced('b2', 'late')).toBe(false);
      expect((await store.usage.byBackend()).b2).toBeUndefined();
      expect(await store.usage.byBucket('b')).toEqual({ bytes: 0, objects: 0 });
    });

    it('makes an added copy part of its version: an overwrite displaces it with its usage', async () => {
      const store = await stores.fresh();
      const record = withCopies('b', 'k', 100, 'b1');
      await store.objects.put(record);
      await store.objects.addCopy('b', 'k', record.versionId, { backend: 'b2', blob: 'r' });
      const { previous } = await store.objects.put(withCopies('b', 'k', 7, 'b1'));
      expect(previous?.copies).toEqual([...record.copies, { backend: 'b2', blob: 'r' }]);
      expect(await store.usage.byBackend()).toEqual({
        b1: { bytes: 7, objects: 1 },
        b2: { bytes: 0, objects: 0 },
      });
    });

    it('removes a copy only while another remains, returning it, and keeps the order of the rest', async () => {
      const store = await stores.fresh();
      const record = withCopies('b', 'k', 50, 'b1', 'b2', 'b3');
      await store.objects.put(record);
      const [c1, c2, c3] = record.copies;
      const v = record.versionId;
      expect(await store.objects.removeCopy('b', 'k', v, 'b2')).toEqual(c2);
      expect(await store.objects.removeCopy('b', 'k', v, 'b2')).toBeUndefined();
      expect(await store.objects.isBlobReferenced('b2', c2!.blob)).toBe(false);
      // A copy added after a removal goes last, whatever positions the removal freed.
      const c4 = { backend: 'b4', blob: 'b/k@b4' };
      expect(await store.objects.addCopy('b', 'k', v, c4)).toBe(true);
      expect((await store.objects.get('b', 'k'))?.copies).toEqual([c1, c3, c4]);
      expect(await store.objects.removeCopy('b', 'k', v, 'b1')).toEqual(c1);
      expect(await store.objects.removeCopy('b', 'k', v, 'b3')).toEqual(c3);
      // The last copy stays, whoever asks.
      expect(await store.objects.removeCopy('b', 'k', v, 'b4')).toBeUndefined();
      expect((await store.objects.get('b', 'k'))?.copies).toEqual([c4]);
      expect(await store.usage.byBackend()).toEqual({
        b1: { bytes: 0, objects: 0 },
        b2: { bytes: 0, objects: 0 },
        b3: { bytes: 0, objects: 0 },
        b4: { bytes: 50, objects: 1 },
      });
      expect(await store.usage.byBucket('b')).toEqual({ bytes: 50, objects: 1 });
    });

    it('refuses to remove a copy of a version that changed, or from an unknown key', async () => {
      const store = await stores.fresh();
      const first = withCopies('b', 'k', 10, 'b1', 'b2');
      await store.objects.put(first);
      const second = withCopies('b', 'k', 20, 'b1', 'b2');
      await store.objects.put(second);
      expect(await store.objects.removeCopy('b', 'k', first.versionId, 'b2')).toBeUndefined();
      expect(await store.objects.removeCopy('b', 'nope', second.versionId, 'b2')).toBeUndefined();
      expect(await store.objects.get('b', 'k')).toEqual(second);
      expect((await store.usage.byBackend()).b2).toEqual({ bytes: 20, objects: 1 });
    });

    it('adds and removes copies inside a caller transaction, rolled back with it', async () => {
      const store = await stores.fresh();
      const record = withCopies('b', 'k', 10, 'b1', 'b2');
      await store.objects.put(record);
      const error = new Error('abort');
      await expect(
        store.transaction(async (tx) => {
          expect(
            await tx.objects.addCopy('b', 'k', record.versionId, { backend: 'b3', blob: 'x' }),
          ).toBe(true);
          expect(await tx.objects.removeCopy('b', 'k', record.versionId, 'b1')).toBeDefined();
          expect((await tx.objects.get('b', 'k'))?.copies.map((c) => c.backend)).toEqual([
            'b2',
            'b3',
          ]);
          throw error;
        }),
      ).rejects.toBe(error);
      expect(await store.objects.get('b', 'k')).toEqual(record);
      expect(await store.usage.byBackend()).toEqual({
        b1: { bytes: 10, objects: 1 },
        b2: { bytes: 10, objects: 1 },
      });
    });
  });

  describe('listing by backend', () => {
    /** Keys on b1 (some also on b2), in three buckets, in an order that is not byte order. */
    async function seed(store: MetaStore): Promise<ObjectRecord[]> {
      const records = [
        withCopies('zeta', 'a', 1, 'b1'),
        withCopies('alpha', 'é', 2, 'b1', 'b2'),
        withCopies('alpha', 'z', 3, 'b2', 'b1'),
        withCopies('alpha', 'only-b2', 4, 'b2'),
        withCopies('alpha', 'A', 5, 'b1'),
        withCopies('mid', '\u{1F600}', 6, 'b1'),
        withCopies('mid', 'b/c', 7, 'b2', 'b1'),
        withCopies('mid', 'b', 8, 'b1'),
        // Two copies on one backend: listed once.
        makeRecord('mid', 'twice', {
          copies: [
            { backend: 'b1', blob: 'one' },
            { backend: 'b1', blob: 'two' },
          ],
        }),
      ];
      for (const record of records) await store.objects.put(record);
      return records;
    }
    const order = (records: readonly ObjectRecord[]) =>
      ['alpha', 'mid', 'zeta'].flatMap((bucket) =>
        byteSorted(records.filter((r) => r.bucket === bucket).map((r) => r.key)).map(
          (key) => `${bucket}/${key}`,
        ),
      );

    it('lists the current versions with a copy on a backend in (bucket, key) byte order, page by page', async () => {
      const store = await stores.fresh();
      const records = await seed(store);
      const onB1 = records.filter((r) => r.copies.some((c) => c.backend === 'b1'));
      for (const limit of [1, 3, 100]) {
        const listed = await listAll(store, 'b1', limit);
        expect(listed.map((r) => `${r.bucket}/${r.key}`)).toEqual(order(onB1));
        // Whole records, with every copy (not only the ones on the backend).
        for (const record of listed) {
          expect(record).toEqual(
            onB1.find((r) => r.bucket === record.bucket && r.key === record.key),
          );
        }
      }
      expect((await listAll(store, 'b2', 2)).map((r) => `${r.bucket}/${r.key}`)).toEqual([
        'alpha/only-b2',
        'alpha/z',
        'alpha/é',
        'mid/b/c',
      ]);
      expect(await store.objects.listByBackend('b9', { limit: 10 })).toEqual([]);
      expect(await store.objects.listByBackend('b1', { limit: 0 })).toEqual([]);
    });

    it('starts strictly after the cursor; afterBucket alone skips that bucket', async () => {
      const store = await stores.fresh();
      await seed(store);
      const keys = async (query: { afterBucket?: string; afterKey?: string }) =>
        (await store.objects.listByBackend('b1', { ...query, limit: 3 })).map(
          (r) => `${r.bucket}/${r.key}`,
        );
      expect(await keys({ afterBucket: 'alpha', afterKey: 'z' })).toEqual([
        'alpha/é',
        'mid/b',
        'mid/b/c',
      ]);
      expect(await keys({ afterBucket: 'alpha', afterKey: 'y' })).toEqual([
        'alpha/z',
        'alpha/é',
        'mid/b',
      ]);
      expect(await keys({ afterBucket: 'alpha' })).toEqual(['mid/b', 'mid/b/c', 'mid/twice']);
      expect(await keys({ afterBucket: 'b' })).toEqual(['mid/b', 'mid/b/c', 'mid/twice']);
      expect(await keys({ afterBucket: 'mid', afterKey: 'twice' })).toEqual([
        'mid/\u{1F600}',
        'zeta/a',
      ]);
      expect(await keys({ afterBucket: 'zeta' })).toEqual([]);
    });

    it('follows the copies: a removed copy or a deleted key leaves the listing, an added copy joins it', async () => {
      const store = await stores.fresh();
      const records = await seed(store);
      const alphaZ = records.find((r) => r.bucket === 'alpha' && r.key === 'z')!;
      await store.objects.removeCopy('alpha', 'z', alphaZ.versionId, 'b1');
      await store.objects.delete('zeta', 'a');
      const onlyB2 = records.find((r) => r.key === 'only-b2')!;
      await store.objects.addCopy('alpha', 'only-b2', onlyB2.versionId, {
        backend: 'b1',
        blob: 'n',
      });
      expect((await listAll(store, 'b1', 2)).map((r) => `${r.bucket}/${r.key}`)).toEqual([
        'alpha/A',
        'alpha/only-b2',
        'alpha/é',
        'mid/b',
        'mid/b/c',
        'mid/twice',
        'mid/\u{1F600}',
      ]);
    });

    it('rejects a bad limit and an afterKey without afterBucket', async () => {
      const store = await stores.fresh();
      for (const limit of [-1, 1.5, Number.NaN]) {
        await expect(store.objects.listByBackend('b1', { limit })).rejects.toBeInstanceOf(
          RangeError,
        );
      }
      await expect(
        store.objects.listByBackend('b1', { afterKey: 'k', limit: 1 }),
      ).rejects.toBeInstanceOf(TypeError);
    });
  });

  describe('copies across stores', () => {
    it('adds a copy once when many stores add it to one version at the same time', async () => {
      const instances = await openMany(stores, 4);
      const record = withCopies('b', 'k', 30, 'b1');
      await instances[0]!.objects.put(record);
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          instances[i % 4]!.objects.addCopy('b', 'k', record.versionId, {
            backend: 'b2',
            blob: `b/k@try-${i}`,
          }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const copies = (await instances[1]!.objects.get('b', 'k'))?.copies;
      expect(copies).toHaveLength(2);
      expect(copies?.[1]?.blob).toBe(`b/k@try-${results.indexOf(true)}`);
      expect(await instances[2]!.usage.byBackend()).toEqual({
        b1: { bytes: 30, objects: 1 },
        b2: { bytes: 30, objects: 1 },
      });
    });

    it('never removes the last copy, whatever concurrent removals race', async () => {
      const instances = await openMany(stores, 4);
      const records = Array.from({ length: 6 }, (_, i) => withCopies('b', `k${i}`, 10, 'b1', 'b2'));
      for (const record of records) await instances[0]!.objects.put(record);
      // Each key's two copies are removed at once from different stores: one removal must lose.
      const removals = await Promise.all(
        records.flatMap((record, i) =>
          ['b1', 'b2'].map((backend, j) =>
            instances[(i + j) % 4]!.objects.removeCopy('b', record.key, record.versionId, backend),
          ),
        ),
      );
      expect(removals.filter((r) => r !== undefined)).toHaveLength(records.length);
      for (const record of records) {
        expect((await instances[3]!.objects.get('b', record.key))?.copies).toHaveLength(1);
      }
      const usage = await instances[0]!.usage.byBackend();
      expect((usage.b1?.objects ?? 0) + (usage.b2?.objects ?? 0)).toBe(records.length);
      expect((usage.b1?.bytes ?? 0) + (usage.b2?.bytes ?? 0)).toBe(records.length * 10);
    });

    it('either adds the copy before an overwrite, which then displaces it, or not at all', async () => {
      const instances = await openMany(stores, 2);
      for (let round = 0; round < 6; round++) {
        const record = withCopies('b', `k${round}`, 10, 'b1');
        await instances[0]!.objects.put(record);
        const [added, { previous }] = await Promise.all([
          instances[round % 2]!.objects.addCopy('b', record.key, record.versionId, {
            backend: 'b2',
            blob: `r${round}`,
          }),
          instances[(round + 1) % 2]!.objects.put(withCopies('b', record.key, 10, 'b1')),
        ]);
        expect(previous?.copies.map((c) => c.backend)).toEqual(added ? ['b1', 'b2'] : ['b1']);
        expect((await instances[0]!.objects.get('b', record.key))?.copies).toHaveLength(1);
      }
      expect((await instances[1]!.usage.byBackend()).b2 ?? { bytes: 0, objects: 0 }).toEqual({
        bytes: 0,
        objects: 0,
      });
    });
  });
}
