import { describe, expect, it } from 'vitest';
import type { MetaStore } from '../store.js';
import type { DeleteMarker, ObjectVersion } from '../types.js';
import { s3VersionIdOf } from '../types.js';
import type { ConformanceOpener } from './fixtures.js';
import { makeBucket, makeRecord, rejection, useStores } from './fixtures.js';

/** What a listing shows of a version: key, S3 version id, kind, latest. */
function summary(v: ObjectVersion): string {
  const id = v.kind === 'object' ? s3VersionIdOf(v.record) : s3VersionIdOf(v.marker);
  const key = v.kind === 'object' ? v.record.key : v.marker.key;
  return `${key}@${id}${v.kind === 'marker' ? ':marker' : ''}${v.isLatest ? ':latest' : ''}`;
}

let markers = 0;
function makeMarker(bucket: string, key: string, versioned = true): DeleteMarker {
  return {
    bucket,
    key,
    versionId: `m${String(++markers).padStart(8, '0')}`,
    ...(versioned ? { versioned: true } : {}),
    lastModified: new Date(1_700_000_100_000),
    owner: 'alice',
  };
}

/** Versioned writes, delete markers, deletes by version id and ListObjectVersions. */
export function describeVersions(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  async function versionedBucket(store: MetaStore): Promise<void> {
    await store.buckets.create({ ...makeBucket('v'), versioning: 'Enabled' });
  }

  describe('versions', () => {
    it('keeps displaced versions, newest first, and counts each in usage', async () => {
      const store = await stores.fresh();
      await versionedBucket(store);
      const nullVersion = makeRecord('v', 'k', { size: 1 });
      await store.objects.put(nullVersion);
      const a = makeRecord('v', 'k', { size: 2, versioned: true });
      const b = makeRecord('v', 'k', { size: 4, versioned: true });
      expect((await store.objects.put(a, undefined, { versioning: 'Enabled' })).discarded).toEqual(
        [],
      );
      const second = await store.objects.put(b, undefined, { versioning: 'Enabled' });
      expect(second.previous?.versionId).toBe(a.versionId);
      expect(second.discarded).toEqual([]);
      expect(await store.objects.get('v', 'k')).toEqual(b);
      const page = await store.versions.list('v', { maxKeys: 1000 });
      expect(page.versions.map(summary)).toEqual([
        `k@${b.versionId}:latest`,
        `k@${a.versionId}`,
        'k@null',
      ]);
      expect(page.versions[1]).toEqual({ kind: 'object', record: a, isLatest: false });
      expect(await store.usage.byBucket('v')).toEqual({ bytes: 7, objects: 3 });
      expect((await store.usage.byBackend()).b1).toEqual({ bytes: 7, objects: 3 });
      expect(await store.versions.get('v', 'k', 'null')).toEqual({
        kind: 'object',
        record: nullVersion,
        isLatest: false,
      });
      expect(await store.versions.get('v', 'k', 'nope')).toBeUndefined();
      // Listing shows only the current version.
      expect((await store.objects.list('v', { maxKeys: 10 })).objects).toEqual([b]);
    });

    it('tags a noncurrent version by its write id, never a marker or the current one', async () => {
      const store = await stores.fresh();
      await versionedBucket(store);
      const old = makeRecord('v', 'k', { size: 1, versioned: true });
      const now = makeRecord('v', 'k', { size: 2, versioned: true });
      await store.objects.put(old, undefined, { versioning: 'Enabled' });
      await store.objects.put(now, undefined, { versioning: 'Enabled' });
      expect(await store.versions.setTags('v', 'k', old.versionId, { a: '1' })).toBe(true);
      expect(await store.versions.get('v', 'k', old.versionId)).toEqual({
        kind: 'object',
        record: { ...old, tags: { a: '1' } },
        isLatest: false,
      });
      // The current version is ObjectRepo's; a missing id changes nothing.
      expect(await store.versions.setTags('v', 'k', now.versionId, { b: '2' })).toBe(false);
      expect(await store.versions.setTags('v', 'k', 'missing', { b: '2' })).toBe(false);
      expect((await store.objects.get('v', 'k'))?.tags).toBeUndefined();
      const { marker } = await store.versions.markDeleted(
        {
          bucket: 'v',
          key: 'k',
          versionId: 'marker-1',
          versioned: true,
          lastModified: new Date(0),
          owner: 'o',
        },
        'Enabled',
      );
      expect(await store.versions.setTags('v', 'k', marker.versionId, { c: '3' })).toBe(false);
      expect(await store.versions.setTags('v', 'k', old.versionId, {})).toBe(true);
      const cleared = await store.versions.get('v', 'k', old.versionId);
      expect(cleared?.kind === 'object' && cleared.record.tags).toBeFalsy();
    });

    it('adds, removes and lists by backend the copies of noncurrent versions', async () => {
      const store = await stores.fresh();
      await versionedBucket(store);
      const old = makeRecord('v', 'k', { size: 3, versioned: true });
      const now = makeRecord('v', 'k', { size: 5, versioned: true });
      await store.objects.put(old, undefined, { versioning: 'Enabled' });
      await store.objects.put(now, undefined, { versioning: 'Enabled' });
      const replica = { backend: 'b2', blob: 'v/k@replica' };
      // Current or noncurrent, a version takes the copy once.
      expect(await store.versions.addCopy('v', 'k', 'missing', replica)).toBe(false);
      expect(await store.versions.addCopy('v', 'k', old.versionId, replica)).toBe(true);
      expect(await store.versions.addCopy('v', 'k', old.versionId, replica)).toBe(false);
      expect(await store.versions.byWriteId('v', 'k', old.versionId)).toEqual({
        kind: 'object',
        record: { ...old, copies: [...old.copies, replica] },
        isLatest: false,
      });
      expect((await store.usage.byBackend()).b2).toEqual({ bytes: 3, objects: 1 });
      expect(await store.usage.byBucket('v')).toEqual({ bytes: 8, objects: 2 });
      const onB2 = await store.versions.listByBackend('b2', { limit: 10 });
      expect(onB2.records.map((r) => r.versionId)).toEqual([old.versionId]);
      expect(onB2.next).toBeUndefined();
      // The current version's copies are not the history's.
      expect((await store.versions.listByBackend('b1', { limit: 10 })).records).toHaveLength(1);
      // Never the last copy.
      expect(await store.versions.removeCopy('v', 'k', old.versionId, 'b1')).toEqual(old.copies[0]);
      expect(await store.versions.removeCopy('v', 'k', old.versionId, 'b2')).toBeUndefined();
      expect((await store.usage.byBackend()).b1).toEqual({ bytes: 5, objects: 1 });
      expect((await store.versions.listByBackend('b1', { limit: 10 })).records).toEqual([]);
    });

    it('replaces the encryption of an encrypted version, noncurrent or current', async () => {
      const store = await stores.fresh();
      await versionedBucket(store);
      const encryption = {
        method: 'AES256' as const,
        keyId: 'k1',
        wrappedKey: 'old',
        chunkSize: 65536,
        salts: ['s'],
      };
      const old = makeRecord('v', 'k', { versioned: true, encryption });
      const plain = makeRecord('v', 'k', { versioned: true });
      const now = makeRecord('v', 'k', { versioned: true, encryption });
      for (const record of [old, plain, now]) {
        await store.objects.put(record, undefined, { versioning: 'Enabled' });
      }
      const rewrapped = { ...encryption, keyId: 'k2', wrappedKey: 'new' };
      expect(await store.versions.setEncryption('v', 'k', old.versionId, rewrapped)).toBe(true);
      expect(await store.versions.setEncryption('v', 'k', plain.versionId, rewrapped)).toBe(false);
      const read = await store.versions.byWriteId('v', 'k', old.versionId);
      expect(read?.kind === 'object' && read.record.encryption).toEqual(rewrapped);
      expect((await store.objects.get('v', 'k'))?.encryption).toEqual(encryption);
      // The current version is found where it is too.
      expect(await store.versions.setEncryption('v', 'k', now.versionId, rewrapped)).toBe(true);
      expect((await store.objects.get('v', 'k'))?.encryption).toEqual(rewrapped);
    });

    it('walks the history by backend in pages that resume where the scan stopped', async () => {
      const store = await stores.fresh();
      await versionedBucket(store);
      const kept: string[] = [];
      for (const key of ['a', 'b', 'c']) {
        for (let i = 0; i < 3; i++) {
          // Every other version also lives on backend `b_x` (a LIKE wildcard in its name).
          const copies =
            i % 2 === 0
              ? [{ backend: 'b_x', blob: `${key}${i}` }]
              : [{ backend: 'bax', blob: `${key}${i}` }];
          const record = makeRecord('v', key, { versioned: true, copies });
          await store.objects.put(record, undefined, { versioning: 'Enabled' });
          if (i < 2 && i % 2 === 0) kept.push(record.versionId);
        }
      }
      const seen: string[] = [];
      let after;
      let pages = 0;
      do {
        const page = await store.versions.listByBackend('b_x', { after, limit: 1 });
        seen.push(...page.records.map((r) => r.versionId));
        after = page.next;
        pages++;
      } while (after !== undefined && pages < 20);
      expect(seen.sort()).toEqual(kept.sort());
      await expect(store.versions.listByBackend('b_x', { limit: -1 })).rejects.toThrow(RangeError);
    });

    it('a delete marker hides the key; deleting it by id restores the previous version', async () => {
      const store = await stores.fresh();
      await versionedBucket(store);
      const a = makeRecord('v', 'k', { versioned: true });
      await store.objects.put(a, undefined, { versioning: 'Enabled' });
      const marker = makeMarker('v', 'k');
      expect(await store.versions.markDeleted(marker, 'Enabled')).toEqual({
        marker,
        discarded: [],
      });
      expect(await store.objects.get('v', 'k')).toBeUndefined();
      expect(await store.versions.latest('v', 'k')).toEqual({
        kind: 'marker',
        marker,
        isLatest: true,
      });
      expect((await store.objects.list('v', { maxKeys: 10 })).objects).toEqual([]);
      expect(await store.objects.hasAny('v')).toBe(true);
      // A marker on a key that has nothing is still a marker.
      await store.versions.markDeleted(makeMarker('v', 'never'), 'Enabled');
      const removed = await store.versions.deleteVersion('v', 'k', marker.versionId);
      expect(removed?.removed).toEqual({ kind: 'marker', marker, isLatest: true });
      expect(removed?.promoted).toEqual(a);
      expect(await store.objects.get('v', 'k')).toEqual(a);
      expect(await store.usage.byBucket('v')).toEqual({ bytes: a.size, objects: 1 });
    });

    it('deletes a current version by id, promoting the next; a history one leaves the current', async () => {
      const store = await stores.fresh();
      await versionedBucket(store);
      const [a, b, c] = [1, 2, 3].map((size) => makeRecord('v', 'k', { size, versioned: true }));
      for (const r of [a!, b!, c!])
        await store.objects.put(r, undefined, { versioning: 'Enabled' });
      const current = await store.versions.deleteVersion('v', 'k', c!.versionId);
      expect(current?.removed).toEqual({ kind: 'object', record: c, isLatest: true });
      expect(current?.promoted).toEqual(b);
      expect(await store.objects.get('v', 'k')).toEqual(b);
      const old = await store.versions.deleteVersion('v', 'k', a!.versionId);
      expect(old?.removed).toEqual({ kind: 'object', record: a, isLatest: false });
      expect(old?.promoted).toBeUndefined();
      expect(await store.versions.deleteVersion('v', 'k', a!.versionId)).toBeUndefined();
      expect(await store.usage.byBucket('v')).toEqual({ bytes: 2, objects: 1 });
      await store.versions.deleteVersion('v', 'k', b!.versionId);
      expect(await store.objects.hasAny('v')).toBe(false);
      expect(await store.usage.byBucket('v')).toEqual({ bytes: 0, objects: 0 });
    });

    it('suspended: a write or a delete replaces the null version and keeps versioned ones', async () => {
      const store = await stores.fresh();
      await versionedBucket(store);
      const n1 = makeRecord('v', 'k', { size: 1 });
      await store.objects.put(n1);
      const a = makeRecord('v', 'k', { size: 2, versioned: true });
      await store.objects.put(a, undefined, { versioning: 'Enabled' });
      const n2 = makeRecord('v', 'k', { size: 4 });
      const put = await store.objects.put(n2, undefined, { versioning: 'Suspended' });
      // The old null version (in the history) is gone; the versioned one is kept.
      expect(put.discarded).toEqual([n1]);
      const n3 = makeRecord('v', 'k', { size: 8 });
      expect(
        (await store.objects.put(n3, undefined, { versioning: 'Suspended' })).discarded,
      ).toEqual([n2]);
      const marker = makeMarker('v', 'k', false);
      expect((await store.versions.markDeleted(marker, 'Suspended')).discarded).toEqual([n3]);
      const page = await store.versions.list('v', { maxKeys: 1000 });
      expect(page.versions.map(summary)).toEqual(['k@null:marker:latest', `k@${a.versionId}`]);
      expect(await store.usage.byBucket('v')).toEqual({ bytes: 2, objects: 1 });
      // A second null marker replaces the first.
      await store.versions.markDeleted(makeMarker('v', 'k', false), 'Suspended');
      expect((await store.versions.list('v', { maxKeys: 1000 })).versions).toHaveLength(2);
    });

    it('lists with prefix, delimiter and key/version-id markers, page by page', async () => {
      const store = await stores.fresh();
      await versionedBucket(store);
      const enabled = { versioning: 'Enabled' } as const;
      const ids: Record<string, string[]> = {};
      for (const key of ['a', 'b', 'dir/x', 'dir/y', 'c']) {
        for (let i = 0; i < 3; i++) {
          const r = makeRecord('v', key, { versioned: true });
          await store.objects.put(r, undefined, enabled);
          (ids[key] ??= []).unshift(r.versionId);
        }
      }
      await store.versions.markDeleted(makeMarker('v', 'b'), 'Enabled');
      const all = await store.versions.list('v', { maxKeys: 1000 });
      expect(all.versions.map(summary)).toHaveLength(16);
      expect(all.versions.map(summary).slice(3, 5)).toEqual([
        expect.stringMatching(/^b@m\d+:marker:latest$/),
        `b@${ids.b![0]}`,
      ]);
      // Pages of 4 visit every version once, in order.
      const seen: string[] = [];
      let keyMarker: string | undefined;
      let versionIdMarker: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await store.versions.list('v', { maxKeys: 4, keyMarker, versionIdMarker });
        seen.push(...result.versions.map(summary));
        if (!result.isTruncated) break;
        keyMarker = result.nextKeyMarker;
        versionIdMarker = result.nextVersionIdMarker;
      }
      expect(seen).toEqual(all.versions.map(summary));
      const grouped = await store.versions.list('v', { delimiter: '/', maxKeys: 1000 });
      expect(grouped.commonPrefixes).toEqual(['dir/']);
      expect(grouped.versions).toHaveLength(10);
      const prefixed = await store.versions.list('v', { prefix: 'dir/', maxKeys: 2 });
      expect(prefixed.versions.map(summary)).toEqual([
        `dir/x@${ids['dir/x']![0]}:latest`,
        `dir/x@${ids['dir/x']![1]}`,
      ]);
      expect(prefixed.nextKeyMarker).toBe('dir/x');
      expect(prefixed.nextVersionIdMarker).toBe(ids['dir/x']![1]);
      const afterKey = await store.versions.list('v', { keyMarker: 'c', maxKeys: 1000 });
      expect(afterKey.versions.map(summary)[0]).toBe(`dir/x@${ids['dir/x']![0]}:latest`);
      expect(
        await rejection(store.versions.list('v', { versionIdMarker: 'x', maxKeys: 1 })),
      ).toBeInstanceOf(RangeError);
    });

    it('a conditional marker checks the current version', async () => {
      const store = await stores.fresh();
      await versionedBucket(store);
      const a = makeRecord('v', 'k', { versioned: true });
      await store.objects.put(a, undefined, { versioning: 'Enabled' });
      const failed = await rejection(
        store.versions.markDeleted(makeMarker('v', 'k'), 'Enabled', { kind: 'etag', etag: 'x' }),
      );
      expect((failed as { code?: string }).code).toBe('ECONDITION');
      expect(await store.objects.get('v', 'k')).toEqual(a);
    });

    it("concurrent changes to one key's versions never bring back a removed version", async () => {
      const store = await stores.fresh();
      await versionedBucket(store);
      for (let round = 0; round < 4; round++) {
        const key = `race-${round}`;
        const [v1, v2, v3] = [1, 2, 3].map(() => makeRecord('v', key, { versioned: true }));
        for (const v of [v1!, v2!, v3!]) {
          await store.objects.put(v, undefined, { versioning: 'Enabled' });
        }
        // Removing the current version promotes the newest in the history, which the other
        // delete removes at the same time; a put and a marker race along.
        const v4 = makeRecord('v', key, { versioned: true });
        await Promise.all([
          store.versions.deleteVersion('v', key, v3!.versionId),
          store.versions.deleteVersion('v', key, v2!.versionId),
        ]);
        expect((await store.objects.get('v', key))?.versionId).toBe(v1!.versionId);
        await Promise.allSettled([
          store.objects.put(v4, undefined, { versioning: 'Enabled' }),
          store.versions.markDeleted(makeMarker('v', key), 'Enabled'),
          store.versions.deleteVersion('v', key, v1!.versionId),
        ]);
        const left = (await store.versions.list('v', { prefix: key, maxKeys: 100 })).versions;
        const ids = left.map((v) => (v.kind === 'object' ? v.record.versionId : 'marker'));
        expect(ids).not.toContain(v1!.versionId);
        expect(ids).not.toContain(v2!.versionId);
        expect(ids).not.toContain(v3!.versionId);
        expect(left.filter((v) => v.isLatest)).toHaveLength(1);
      }
    });
  });
}
