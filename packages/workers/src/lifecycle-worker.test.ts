import type { LifecycleRule } from '@strata/metastore-core';
import {
  TEST_DIALECTS,
  usePostgresTestDatabase,
  type TestDialect,
} from '@strata/metastore-core/testing';
import type { ObjectLayer } from '@strata/object-layer';
import { describe, expect, it } from 'vitest';
import { LIFECYCLE_ABORT_REASON, createLifecycleWorker } from './lifecycle-worker.js';
import { openLayerHarness, type PutExtra } from './testing/layer-harness.js';

// The lifecycle worker against a real store of each dialect (PostgreSQL through the latency
// proxy), real fs backends and the object layer: what it removes is gone from listings and from
// the disk, what it must keep (newer versions, locked versions, other prefixes) stays.

const postgres = await usePostgresTestDatabase();
const DAY = 86_400_000;

async function setup(dialect: TestDialect, options: { versioned?: boolean; lock?: boolean } = {}) {
  const t = await openLayerHarness(dialect, {
    backends: ['local'],
    bucket: 'bkt',
    versioned: options.versioned,
    objectLock: options.lock,
    postgres,
  });
  const { store, layer } = t;
  return {
    ...t,
    put: (key: string, text = 'bytes', extra?: PutExtra) => t.put(key, text, extra),
    setRules: (rules: LifecycleRule[]) => store.buckets.setLifecycle('bkt', rules),
    /** The worker, its clock `days` (real) days ahead of now. */
    worker: (days: number, more: { maxKeysPerRun?: number; pageSize?: number } = {}) =>
      createLifecycleWorker({
        store,
        layer,
        clock: () => new Date(Date.now() + days * DAY),
        ...more,
      }),
    versions: async () =>
      (await store.versions.list('bkt', { maxKeys: 1000 })).versions.map((v) =>
        v.kind === 'object' ? `${v.record.key}:${v.record.etag}` : `${v.marker.key}:marker`,
      ),
    keys: async () =>
      (await store.objects.list('bkt', { maxKeys: 1000 })).objects.map((o) => o.key),
    blobs: async () => (await t.blobs('local')).length,
  };
}

/** A body read whole, as text. */
const text = async (body: AsyncIterable<unknown>) => {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
};

const rule = (partial: Partial<LifecycleRule>): LifecycleRule => ({
  id: 'r',
  status: 'Enabled',
  filter: { form: 'filter' },
  ...partial,
});

describe.each(TEST_DIALECTS)('lifecycle worker (%s)', (dialect) => {
  it('expires current objects of an unversioned bucket by prefix, tag and size, once due', async () => {
    await using t = await setup(dialect);
    await t.put('logs/a');
    await t.put('logs/big', 'x'.repeat(100));
    await t.put('tmp/tagged', 'bytes', { tags: [{ key: 'temp', value: 'yes' }] });
    await t.put('tmp/untagged');
    await t.put('keep/c');
    await t.setRules([
      rule({
        id: 'logs',
        filter: { form: 'and', prefix: 'logs/', objectSizeLessThan: 50 },
        expiration: { days: 1 },
      }),
      rule({
        id: 'tmp',
        filter: { form: 'filter', tags: { temp: 'yes' } },
        expiration: { days: 3 },
      }),
      rule({
        id: 'off',
        status: 'Disabled',
        filter: { form: 'filter', prefix: 'keep/' },
        expiration: { days: 1 },
      }),
    ]);
    const before = await t.blobs();

    expect(await t.worker(0).runOnce()).toMatchObject({
      expired: 0,
      examined: 5,
      passesCompleted: 1,
    });
    expect(await t.worker(2).runOnce()).toMatchObject({ expired: 1, failed: 0 });
    expect(await t.keys()).toEqual(['keep/c', 'logs/big', 'tmp/tagged', 'tmp/untagged']);
    expect(await t.worker(4).runOnce()).toMatchObject({ expired: 1 });
    expect(await t.keys()).toEqual(['keep/c', 'logs/big', 'tmp/untagged']);
    // The expired objects' bytes are gone from the backend too.
    expect(await t.blobs()).toBe(before - 2);
  });

  it('hides an expired current version behind a delete marker, then expires it when noncurrent', async () => {
    await using t = await setup(dialect, { versioned: true });
    await t.put('k', 'one');
    await t.setRules([
      rule({ expiration: { days: 1 }, noncurrentVersionExpiration: { noncurrentDays: 1 } }),
    ]);
    expect(await t.worker(2).runOnce()).toMatchObject({ expired: 1, noncurrentRemoved: 0 });
    expect(await t.versions()).toEqual(['k:marker', 'k:f97c5d29941bfb1b2fdab0874906ab82']);
    await expect(t.layer.headObject({ bucket: 'bkt', key: 'k' })).rejects.toMatchObject({
      code: 'NoSuchKey',
    });
    // A finished pass rests until the next day boundary: the same day, nothing more happens.
    expect(await t.worker(2).runOnce()).toMatchObject({ examined: 0, noncurrentRemoved: 0 });
    // The version became noncurrent when the marker was written (now); the next day's pass.
    expect(await t.worker(3).runOnce()).toMatchObject({ noncurrentRemoved: 1, markersRemoved: 1 });
    expect(await t.versions()).toEqual([]);
  });

  it('keeps the newest noncurrent versions NewerNoncurrentVersions asks for', async () => {
    await using t = await setup(dialect, { versioned: true });
    for (const text of ['v1', 'v2', 'v3', 'v4']) await t.put('k', text);
    await t.put('other', 'o1');
    await t.put('other', 'o2');
    await t.setRules([
      rule({
        filter: { form: 'filter', prefix: 'k' },
        noncurrentVersionExpiration: { noncurrentDays: 1, newerNoncurrentVersions: 2 },
      }),
    ]);
    const all = await t.versions();
    expect(await t.worker(0).runOnce()).toMatchObject({ noncurrentRemoved: 0 });
    expect(await t.worker(2).runOnce()).toMatchObject({ noncurrentRemoved: 1, expired: 0 });
    // v4 current, v3 and v2 kept as the two newest noncurrent, v1 gone; `other` untouched.
    expect(await t.versions()).toEqual(all.filter((_, i) => i !== 3));
  });

  it('applies the rules to a key whose versions span many pages', async () => {
    await using t = await setup(dialect, { versioned: true });
    for (let i = 0; i < 9; i++) await t.put('many', `m${i}`);
    for (let i = 0; i < 5; i++) await t.put('old', `o${i}`);
    await t.layer.deleteObject({ bucket: 'bkt', key: 'old' });
    await t.setRules([
      rule({
        id: 'many',
        filter: { form: 'filter', prefix: 'many' },
        noncurrentVersionExpiration: { noncurrentDays: 1, newerNoncurrentVersions: 2 },
      }),
      rule({
        id: 'old',
        filter: { form: 'filter', prefix: 'old' },
        expiration: { expiredObjectDeleteMarker: true },
        noncurrentVersionExpiration: { noncurrentDays: 1 },
      }),
    ]);
    const all = await t.versions();
    // Two versions a page: each key's versions are met over several pages.
    expect(await t.worker(2, { pageSize: 2 }).runOnce()).toMatchObject({
      examined: 2,
      noncurrentRemoved: 6 + 5,
      markersRemoved: 1,
      failed: 0,
      passesCompleted: 1,
    });
    // `many`: the current version and the two newest noncurrent ones; `old`: nothing, its
    // marker went with the last version behind it.
    expect(await t.versions()).toEqual(all.slice(0, 3));
  });

  it('removes a delete marker with nothing behind it, not one that still hides versions', async () => {
    await using t = await setup(dialect, { versioned: true });
    const gone = await t.put('gone');
    await t.layer.deleteObject({ bucket: 'bkt', key: 'gone' });
    await t.layer.deleteObject({ bucket: 'bkt', key: 'gone', versionId: gone.versionId });
    await t.put('hidden');
    await t.layer.deleteObject({ bucket: 'bkt', key: 'hidden' });
    await t.setRules([rule({ expiration: { expiredObjectDeleteMarker: true } })]);
    expect(await t.worker(0).runOnce()).toMatchObject({ markersRemoved: 1 });
    expect(await t.versions()).toEqual([
      'hidden:marker',
      'hidden:4b3a6218bb3e3a7303e8a171a60fcf92',
    ]);
  });

  it('never removes a version under Object Lock, and still hides the current one', async () => {
    await using t = await setup(dialect, { lock: true });
    const retainUntil = new Date(Date.now() + 30 * DAY);
    await t.put('k', 'locked', { lock: { mode: 'COMPLIANCE', retainUntil } });
    await t.put('k', 'held', { lock: { legalHold: true } });
    await t.put('k', 'current');
    await t.setRules([
      rule({ expiration: { days: 1 }, noncurrentVersionExpiration: { noncurrentDays: 1 } }),
    ]);
    const result = await t.worker(5).runOnce();
    expect(result).toMatchObject({ expired: 1, locked: 2, failed: 0 });
    // The unlocked one became noncurrent only now: it stays until a day from now.
    expect((await t.versions()).filter((v) => v.endsWith(':marker'))).toHaveLength(1);
    expect(await t.worker(7).runOnce()).toMatchObject({ noncurrentRemoved: 1, locked: 2 });
    expect(await t.versions()).toHaveLength(3);
  });

  it('never expires a version written after the worker looked', async () => {
    await using t = await setup(dialect);
    await t.put('k', 'old');
    await t.setRules([rule({ expiration: { days: 1 } })]);
    // The client's overwrite lands between the worker's listing and its delete.
    const worker = createLifecycleWorker({
      store: t.store,
      layer: {
        deleteObject: async (input) => (await t.put('k', 'new'), t.layer.deleteObject(input)),
      },
      clock: () => new Date(Date.now() + 2 * DAY),
    });
    expect(await worker.runOnce()).toMatchObject({ expired: 0, failed: 0 });
    expect(await t.versions()).toEqual(['k:22af645d1859cb5ca6da0c484f1f37ea']);
  });

  it('never removes a version a client made current again (rollback, undelete)', async () => {
    await using t = await setup(dialect, { versioned: true });
    await t.put('rolled', 'v1');
    const v2 = await t.put('rolled', 'v2');
    await t.put('undeleted', 'v1');
    await t.layer.deleteObject({ bucket: 'bkt', key: 'undeleted' });
    const marker = (await t.store.versions.latest('bkt', 'undeleted'))!;
    await t.setRules([rule({ noncurrentVersionExpiration: { noncurrentDays: 1 } })]);
    // Between the listing and each removal, the client rolls `rolled` back to v1 (deleting v2)
    // and undeletes `undeleted` (deleting its marker).
    const client = async (key: string) => {
      const versionId =
        key === 'rolled' ? v2.versionId : marker.kind === 'marker' ? marker.marker.versionId : '';
      await t.layer.deleteObject({ bucket: 'bkt', key, versionId });
    };
    const worker = createLifecycleWorker({
      store: t.store,
      layer: {
        deleteObject: async (input) => (await client(input.key), t.layer.deleteObject(input)),
      },
      clock: () => new Date(Date.now() + 3 * DAY),
    });
    expect(await worker.runOnce()).toMatchObject({ noncurrentRemoved: 0, failed: 0 });
    expect(await t.versions()).toEqual([
      'rolled:6654c734ccab8f440ff0825eb443dc7f',
      'undeleted:6654c734ccab8f440ff0825eb443dc7f',
    ]);
    const read = await t.layer.getObject({ bucket: 'bkt', key: 'undeleted' });
    expect(await text(read.body)).toBe('v1');
  });

  it('walks a page at a time, saving its place, and starts again after a full pass', async () => {
    await using t = await setup(dialect);
    for (const key of ['a', 'b', 'c', 'd', 'e']) await t.put(key);
    await t.setRules([rule({ expiration: { days: 1 } })]);
    const worker = t.worker(2, { maxKeysPerRun: 2, pageSize: 1 });
    const first = await worker.runOnce();
    expect(first).toMatchObject({ passesCompleted: 0 });
    expect(JSON.parse((await t.store.cursors.get('lifecycle'))!)).toMatchObject({ bucket: 'bkt' });
    const remaining = (await t.keys()).length;
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThan(5);
    // Another worker (another instance) goes on from the saved place.
    let runs = 0;
    for (;;) {
      runs++;
      if ((await t.worker(2, { maxKeysPerRun: 2, pageSize: 1 }).runOnce()).passesCompleted === 1)
        break;
    }
    expect(runs).toBeLessThanOrEqual(3);
    expect(await t.keys()).toEqual([]);
    // The next pass starts at the next day boundary after the worker's clock.
    const { restUntil } = JSON.parse((await t.store.cursors.get('lifecycle'))!) as {
      restUntil: number;
    };
    expect(restUntil % DAY).toBe(0);
    expect(restUntil - (Date.now() + 2 * DAY)).toBeGreaterThan(0);
    expect(restUntil - (Date.now() + 2 * DAY)).toBeLessThanOrEqual(DAY);
  });

  it('aborts incomplete multipart uploads of a prefix once due', async () => {
    await using t = await setup(dialect);
    const old = await t.layer.createMultipartUpload({
      bucket: 'bkt',
      key: 'tmp/x',
      owner: 'alice',
    });
    await t.layer.createMultipartUpload({ bucket: 'bkt', key: 'keep/y', owner: 'alice' });
    await t.setRules([
      rule({ filter: { form: 'filter', prefix: 'tmp/' }, abortIncompleteMultipartUploadDays: 1 }),
    ]);
    expect(await t.worker(0).runOnce()).toMatchObject({ uploadsAborted: 0 });
    expect(await t.worker(2).runOnce()).toMatchObject({ uploadsAborted: 1 });
    const left = await t.store.uploads.list('bkt', { maxUploads: 10 });
    expect(left.uploads.map((u) => u.key)).toEqual(['keep/y']);
    expect(await t.store.uploads.get(old.uploadId)).toBeUndefined();
    const queued = await t.store.cleanup.claim(new Date(Date.now() + DAY), 10, 1000);
    expect(queued.map((j) => j.reason)).toContain(LIFECYCLE_ABORT_REASON);
  });
});

describe('lifecycle worker options', () => {
  it('refuses non-positive sizes', () => {
    const store = {} as never;
    const layer = {} as Pick<ObjectLayer, 'deleteObject'>;
    expect(() => createLifecycleWorker({ store, layer, dayLengthMs: 0 })).toThrow(RangeError);
    expect(() => createLifecycleWorker({ store, layer, maxKeysPerRun: 0 })).toThrow(RangeError);
  });
});
