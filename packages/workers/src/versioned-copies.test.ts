import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  TEST_DIALECTS,
  usePostgresTestDatabase,
  type TestDialect,
} from '@strata/metastore-core/testing';
import type { BucketPolicy } from '@strata/object-layer';
import { describe, expect, it } from 'vitest';
import { createDrainer } from './drainer.js';
import { createReplicator } from './replicator.js';
import { openLayerHarness } from './testing/layer-harness.js';

// The noncurrent versions a versioned bucket keeps are data like any other: the replicator
// still makes the copies a version was owed when it was displaced, and a drain moves them off
// the backend. On both metastores (PostgreSQL through the latency proxy).

const postgres = await usePostgresTestDatabase();

/** A real store of `dialect`, real fs backends and a layer over them; bucket `docs` versioned. */
async function setup(dialect: TestDialect, names: string[], policy: BucketPolicy) {
  const t = await openLayerHarness(dialect, {
    backends: names,
    bucket: 'docs',
    versioned: true,
    policy,
    postgres,
  });
  return {
    ...t,
    put: (text: string) => t.put('k', text),
    read: (versionId: string) => t.read('k', versionId),
    /** Backends holding each version of `k`, newest first. */
    holders: async () =>
      (await t.store.versions.list('docs', { maxKeys: 100 })).versions.map((v) =>
        v.kind === 'object' ? v.record.copies.map((c) => c.backend).sort() : [],
      ),
  };
}

for (const dialect of TEST_DIALECTS) {
  describe(`copies of noncurrent versions (${dialect})`, () => {
    it('the replicator still copies a version overwritten before its job ran', async () => {
      await using t = await setup(dialect, ['a', 'b'], {
        replication: { factor: 2, mode: 'async' },
      });
      const v1 = await t.put('first');
      const v2 = await t.put('second');
      expect(await t.holders()).toEqual([[expect.any(String)], [expect.any(String)]]);
      const replicator = createReplicator({ store: t.store, layer: t.layer });
      expect(await replicator.runOnce()).toMatchObject({ claimed: 2, copied: 2 });
      expect(await t.holders()).toEqual([
        ['a', 'b'],
        ['a', 'b'],
      ]);
      // The displaced version reads from its replica alone once its first copy is gone.
      const first = v1.copies[0]!;
      await t.pool.get(first.backend)!.backend.delete(first.blob);
      expect(await t.read(v1.versionId)).toBe('first');
      expect(await t.read(v2.versionId)).toBe('second');
      expect((await t.store.usage.byBackend()).b).toEqual({ bytes: 11, objects: 2 });
      await replicator.close();
    });

    it('a drain moves the copies of every version off the backend', async () => {
      await using t = await setup(dialect, ['a', 'b'], {});
      // Every version lands on a, while b takes no writes.
      t.pool.setState('b', 'readonly');
      const versions = [await t.put('one'), await t.put('two!'), await t.put('three')];
      t.pool.setState('b', 'active');
      expect(await t.holders()).toEqual([['a'], ['a'], ['a']]);
      t.pool.setState('a', 'draining');
      const drainer = createDrainer({ store: t.store, layer: t.layer, batchSize: 1 });
      expect(await drainer.runOnce()).toEqual({ moved: 3, removed: 0, failed: 0, lost: 0 });
      expect(await t.holders()).toEqual([['b'], ['b'], ['b']]);
      expect(await t.store.objects.listByBackend('a', { limit: 10 })).toEqual([]);
      expect((await t.store.versions.listByBackend('a', { limit: 10 })).records).toEqual([]);
      expect(await Promise.all(versions.map((v) => t.read(v.versionId)))).toEqual([
        'one',
        'two!',
        'three',
      ]);
      // The old blobs are queued for deletion; usage moved with them.
      expect((await t.store.cleanup.stats()).pending).toBe(3);
      expect((await t.store.usage.byBackend()).b).toEqual({ bytes: 12, objects: 3 });
      expect(await drainer.runOnce()).toEqual({ moved: 0, removed: 0, failed: 0, lost: 0 });
      await drainer.close();
    });

    it('restores the factor of every version from the others when a backend is removed', async () => {
      await using t = await setup(dialect, ['a', 'b', 'c'], {
        replication: { factor: 2, mode: 'sync' },
      });
      t.pool.setState('c', 'readonly');
      const versions = [await t.put('one'), await t.put('two!')];
      t.pool.setState('c', 'active');
      expect(await t.holders()).toEqual([
        ['a', 'b'],
        ['a', 'b'],
      ]);
      const onB = await readdir(join(t.dir, 'b'), { recursive: true });
      t.pool.setState('b', 'removed');
      const drainer = createDrainer({ store: t.store, layer: t.layer });
      expect(await drainer.runOnce()).toEqual({ moved: 2, removed: 0, failed: 0, lost: 0 });
      expect(await t.holders()).toEqual([
        ['a', 'c'],
        ['a', 'c'],
      ]);
      expect(await Promise.all(versions.map((v) => t.read(v.versionId)))).toEqual(['one', 'two!']);
      // Nothing is deleted on, or queued for, a backend that is gone.
      expect(await readdir(join(t.dir, 'b'), { recursive: true })).toEqual(onB);
      expect((await t.store.cleanup.stats()).pending).toBe(0);
      expect(await drainer.runOnce()).toEqual({ moved: 0, removed: 0, failed: 0, lost: 0 });
      await drainer.close();
    });

    it('reports a version whose only copy was on a removed backend as lost, and keeps it', async () => {
      await using t = await setup(dialect, ['a', 'b'], {});
      const version = await t.put('only here');
      expect(await t.holders()).toEqual([['a']]);
      t.pool.setState('a', 'removed');
      const drainer = createDrainer({ store: t.store, layer: t.layer });
      expect(await drainer.runOnce()).toEqual({ moved: 0, removed: 0, failed: 0, lost: 1 });
      expect(await t.holders()).toEqual([['a']]);
      // Should the backend come back, the record still knows where the bytes are.
      t.pool.setState('a', 'active');
      expect(await t.read(version.versionId)).toBe('only here');
      await drainer.close();
    });
  });
}
