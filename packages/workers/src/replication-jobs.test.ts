import type { Readable } from 'node:stream';
import type { ObjectBackend } from '@strata/backend-pool';
import type { BucketPolicy } from '@strata/object-layer';
import { describe, expect, it } from 'vitest';
import { createDrainer } from './drainer.js';
import { createReplicator } from './replicator.js';
import { openLayerHarness } from './testing/layer-harness.js';

/** A real store, real fs backends in one pool, and a layer over them. */
function setup(names: string[], policy: BucketPolicy, wrap?: (b: ObjectBackend) => ObjectBackend) {
  return openLayerHarness('sqlite', { backends: names, bucket: 'photos', policy, wrap });
}

/** `backend`, but every put fails (its body destroyed, as a driver must). */
function withFailingPut(backend: ObjectBackend, message: string): ObjectBackend {
  return new Proxy(backend, {
    get(target, prop) {
      if (prop === 'put') {
        return (_blob: string, body: Readable) => {
          body.destroy();
          return Promise.reject(new Error(message));
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      // Bound to the real backend: its methods use private fields a proxy does not have.
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

describe('createReplicator', () => {
  it('makes the copies the queue owes', async () => {
    await using t = await setup(['a', 'b'], { replication: { factor: 2, mode: 'async' } });
    await t.put('one', 'first');
    await t.put('two', 'second');
    const replicator = createReplicator({ store: t.store, layer: t.layer });
    expect(await replicator.runOnce()).toMatchObject({ claimed: 2, copied: 2, retried: 0 });
    const record = await t.store.objects.get('photos', 'one');
    expect(record?.copies.map((c) => c.backend).sort()).toEqual(['a', 'b']);
    expect((await t.store.replication.stats()).pending).toBe(0);
    await replicator.close();
  });

  it('retries a copy whose target fails, then dead-letters it', async () => {
    await using t = await setup(['a', 'b'], { replication: { factor: 2, mode: 'async' } }, (fs) =>
      fs.name === 'b' ? withFailingPut(fs, 'b is down') : fs,
    );
    await t.put('one', 'first');
    let now = Date.now();
    const replicator = createReplicator({
      store: t.store,
      layer: t.layer,
      maxAttempts: 2,
      backoff: () => 1000,
      clock: () => new Date(now),
    });
    expect(await replicator.runOnce()).toMatchObject({ claimed: 1, copied: 0, retried: 1 });
    expect(await replicator.runOnce()).toMatchObject({ claimed: 0 });
    now += 2000;
    expect(await replicator.runOnce()).toMatchObject({ claimed: 1, dead: 1 });
    const [dead] = await t.store.replication.deadLetters(10);
    expect(dead).toMatchObject({ key: 'one', targetBackend: 'b', attempts: 2 });
    expect(dead?.lastError).toContain('b is down');
    expect(await t.read('one')).toBe('first');
    await replicator.close();
  });
});

describe('createDrainer', () => {
  it('moves every copy off a draining backend, keeping the data readable', async () => {
    await using t = await setup(['a', 'b'], {});
    for (let i = 0; i < 5; i++) await t.put(`k${i}`, `value ${i}`);
    t.pool.setState('a', 'draining');
    const drainer = createDrainer({ store: t.store, layer: t.layer, batchSize: 2 });
    expect(await drainer.runOnce()).toEqual({ moved: 5, removed: 0, failed: 0, lost: 0 });
    expect(await t.store.objects.listByBackend('a', { limit: 10 })).toEqual([]);
    for (let i = 0; i < 5; i++) expect(await t.read(`k${i}`)).toBe(`value ${i}`);
    // The old blobs are queued for deletion, not left behind.
    expect((await t.store.cleanup.stats()).pending).toBe(5);
    expect(await drainer.runOnce()).toEqual({ moved: 0, removed: 0, failed: 0, lost: 0 });
    await drainer.close();
  });

  it('removes a copy outright when the others meet the factor, and waits when none can take it', async () => {
    await using t = await setup(['a', 'b', 'c'], { replication: { factor: 2, mode: 'sync' } });
    await t.put('k', 'v');
    t.pool.setState('a', 'draining');
    const drainer = createDrainer({ store: t.store, layer: t.layer });
    // a, b hold it; c takes the replacement, then a's copy goes.
    expect(await drainer.runOnce()).toEqual({ moved: 1, removed: 0, failed: 0, lost: 0 });
    const copies = (await t.store.objects.get('photos', 'k'))?.copies.map((c) => c.backend).sort();
    expect(copies).toEqual(['b', 'c']);
    t.pool.setState('b', 'draining');
    t.pool.setState('a', 'readonly');
    // Nowhere to put a second lasting copy: the copy on b stays, and the run says so.
    expect(await drainer.runOnce()).toEqual({ moved: 0, removed: 0, failed: 1, lost: 0 });
    expect((await t.store.objects.get('photos', 'k'))?.copies.length).toBe(2);
    await drainer.close();
  });
});
