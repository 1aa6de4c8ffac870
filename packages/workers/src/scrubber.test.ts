import { Readable } from 'node:stream';
import type { ObjectRecord } from '@strata/metastore-core';
import {
  TEST_DIALECTS,
  usePostgresTestDatabase,
  type TestDialect,
} from '@strata/metastore-core/testing';
import type { BucketPolicy } from '@strata/object-layer';
import { describe, expect, it } from 'vitest';
import { createReplicator } from './replicator.js';
import { createScrubber } from './scrubber.js';
import { openLayerHarness } from './testing/layer-harness.js';

// The scrubber against real stores (PostgreSQL through the latency proxy) and real fs backends:
// a flipped byte or a deleted blob is found, replaced from the good copy (and the replicator
// writes it again), a copy with no good twin is reported and left as it is.

const postgres = await usePostgresTestDatabase();

async function setup(dialect: TestDialect, policy: BucketPolicy) {
  /** Backends whose reads fail, as a backend that is down answers. */
  const down = new Set<string>();
  const t = await openLayerHarness(dialect, {
    backends: ['a', 'b'],
    bucket: 'docs',
    policy,
    postgres,
    wrap: (disk) =>
      new Proxy(disk, {
        get(target, prop) {
          if (prop === 'get' && down.has(target.name)) {
            return () => Promise.reject(new Error(`backend ${target.name} is down`));
          }
          const value: unknown = Reflect.get(target, prop);
          const bound: unknown = typeof value === 'function' ? value.bind(target) : value;
          return bound;
        },
      }),
  });
  return {
    ...t,
    down,
    /** The bytes of `key`'s copy on `backend`, as stored. */
    stored: async (key: string, backend: string) => (await t.copyOn(key, backend)).bytes,
    /** Overwrites the copy on `backend` with `bytes`, as a failing disk would. */
    async damage(record: ObjectRecord, backend: string, bytes: Buffer) {
      const copy = record.copies.find((c) => c.backend === backend)!;
      // Blobs are never overwritten: the fs backend refuses a put over an existing one.
      await t.disk(backend).delete(copy.blob);
      await t.disk(backend).put(copy.blob, Readable.from([bytes]));
    },
  };
}

const flip = (bytes: Buffer, at: number) => {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0xff;
  return copy;
};

for (const dialect of TEST_DIALECTS) {
  describe(`scrubber (${dialect})`, () => {
    it('finds a flipped byte and a missing blob, and restores both from the good copies', async () => {
      await using t = await setup(dialect, { replication: { factor: 2, mode: 'sync' } });
      const one = Buffer.from('the first object, whole');
      const two = Buffer.from('the second object');
      const first = await t.put('one', one);
      const second = await t.put('two', two);
      await t.put('fine', Buffer.from('left alone'));
      await t.damage(first, 'a', flip(one, 4));
      const lost = second.copies.find((c) => c.backend === 'b')!;
      await t.pool.get('b')!.backend.delete(lost.blob);

      const scrubber = createScrubber({ store: t.store, layer: t.layer, passIntervalMs: 0 });
      expect(await scrubber.runOnce()).toMatchObject({
        checked: 6,
        repaired: 2,
        unrepairable: 0,
        failed: 0,
        passesCompleted: 1,
      });
      // The bad copies are off the rows; the replicator writes them again from the good ones.
      expect(await t.holders('one')).toEqual(['b']);
      expect(await t.holders('two')).toEqual(['a']);
      const replicator = createReplicator({ store: t.store, layer: t.layer });
      expect(await replicator.runOnce()).toMatchObject({ copied: 2 });
      expect(await t.holders('one')).toEqual(['a', 'b']);
      expect(await t.holders('two')).toEqual(['a', 'b']);
      expect(await t.stored('one', 'a')).toEqual(one);
      expect(await t.stored('two', 'b')).toEqual(two);
      expect(await scrubber.runOnce()).toMatchObject({ checked: 6, repaired: 0 });
      await replicator.close();
      await scrubber.close();
    });

    it("checks a multipart object part by part, whatever the byte's place", async () => {
      await using t = await setup(dialect, { replication: { factor: 2, mode: 'sync' } });
      const part1 = Buffer.alloc(5 * 1024 * 1024, 7);
      const part2 = Buffer.from('tail');
      const { uploadId } = await t.layer.createMultipartUpload({
        bucket: 'docs',
        key: 'mp',
        owner: 'alice',
      });
      const parts = [];
      for (const [index, body] of [part1, part2].entries()) {
        const out = await t.layer.uploadPart({
          bucket: 'docs',
          key: 'mp',
          uploadId,
          partNumber: index + 1,
          body: Readable.from([body]),
          contentLength: body.length,
        });
        parts.push({ partNumber: index + 1, etag: out.etag });
      }
      await t.layer.completeMultipartUpload({ bucket: 'docs', key: 'mp', uploadId, parts });
      // Complete makes one copy and queues the other.
      const replicator = createReplicator({ store: t.store, layer: t.layer });
      expect(await replicator.runOnce()).toMatchObject({ copied: 1 });
      await replicator.close();
      const record = (await t.store.objects.get('docs', 'mp'))!;
      // Same size, one byte changed in the second part: only the per-part MD5s can tell.
      await t.damage(record, 'b', flip(Buffer.concat([part1, part2]), part1.length + 1));
      const scrubber = createScrubber({ store: t.store, layer: t.layer, passIntervalMs: 0 });
      expect(await scrubber.runOnce()).toMatchObject({ checked: 2, repaired: 1 });
      expect(await t.holders('mp')).toEqual(['a']);
      await scrubber.close();
    });

    it('reports a bad copy with no good twin, and changes nothing', async () => {
      await using t = await setup(dialect, {});
      const body = Buffer.from('only one copy');
      const record = await t.put('solo', body);
      await t.damage(record, 'a', body.subarray(0, 5));
      const scrubber = createScrubber({ store: t.store, layer: t.layer, passIntervalMs: 0 });
      expect(await scrubber.runOnce()).toMatchObject({ checked: 1, repaired: 0, unrepairable: 1 });
      expect(await t.store.objects.get('docs', 'solo')).toEqual(record);
      await scrubber.close();
    });

    it('never calls a copy unrepairable when its twin could not be read; stops at a down backend', async () => {
      await using t = await setup(dialect, { replication: { factor: 2, mode: 'sync' } });
      const body = Buffer.from('two copies, one bad');
      const record = await t.put('k', body);
      await t.damage(record, 'a', flip(body, 0));
      t.down.add('b');
      const scrubber = createScrubber({ store: t.store, layer: t.layer, passIntervalMs: 0 });
      expect(await scrubber.runOnce()).toMatchObject({
        checked: 1,
        repaired: 0,
        unrepairable: 0,
        failed: 2,
        passesCompleted: 0,
      });
      expect(await t.store.objects.get('docs', 'k')).toEqual(record);
      // The walk stopped at b without passing it: once b answers, the next run checks it.
      t.down.delete('b');
      expect(await scrubber.runOnce()).toMatchObject({ checked: 1, failed: 0, passesCompleted: 1 });
      await scrubber.close();
    });

    it('walks a page at a time with its place saved, then rests between passes', async () => {
      await using t = await setup(dialect, {});
      for (const key of ['a', 'b', 'c', 'd']) await t.put(key, Buffer.from(key));
      let now = Date.now();
      const options = {
        store: t.store,
        layer: t.layer,
        batchSize: 1,
        maxCopiesPerRun: 2,
        passIntervalMs: 60_000,
        clock: () => new Date(now),
      };
      const first = createScrubber(options);
      expect(await first.runOnce()).toMatchObject({ checked: 2, passesCompleted: 0 });
      expect(JSON.parse((await t.store.cursors.get('scrubber'))!)).toMatchObject({
        backend: 'a',
        afterKey: 'b',
      });
      // Another instance goes on from there.
      const second = createScrubber(options);
      expect(await second.runOnce()).toMatchObject({ checked: 2, passesCompleted: 1 });
      expect(await second.runOnce()).toMatchObject({ checked: 0, passesCompleted: 0 });
      now += 60_001;
      expect(await second.runOnce()).toMatchObject({ checked: 2, passesCompleted: 0 });
      await first.close();
      await second.close();
    });
  });
}
