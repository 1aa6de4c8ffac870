import type { Readable } from 'node:stream';
import type { FsBackend, ObjectBackend } from '@strata/backend-pool';
import {
  TEST_DIALECTS,
  usePostgresTestDatabase,
  type TestDialect,
} from '@strata/metastore-core/testing';
import type { BucketPolicy } from '@strata/object-layer';
import { describe, expect, it } from 'vitest';
import { createCleanupProcessor } from './cleanup-processor.js';
import { createDrainer } from './drainer.js';
import { createPendingWriteReaper } from './pending-write-reaper.js';
import { createReplicator } from './replicator.js';
import { openLayerHarness } from './testing/layer-harness.js';

const postgres = await usePostgresTestDatabase();

/** Hooks a test sets on a backend's `put` and `delete`. */
interface Faults {
  /** Runs after a put's bytes are all stored, before the put resolves (before the commit). */
  afterPut?: ((blob: string) => Promise<void>) | undefined;
  /** Makes `delete` fail like a backend that is down. */
  failDelete?: boolean;
  /** Makes `put` fail before storing a byte. */
  failPut?: boolean;
  /** Makes `get` fail like a backend that is down. */
  failGet?: boolean;
}

/** `backend`, with the faults in `faults` (read at each call). */
function faulty(backend: FsBackend, faults: Faults): ObjectBackend {
  return new Proxy(backend, {
    get(target, prop) {
      if (prop === 'put') {
        return async (blob: string, body: Readable, options?: object) => {
          if (faults.failPut) {
            body.destroy();
            throw new Error(`${target.name} died mid-body`);
          }
          const stored = await target.put(blob, body, options);
          await faults.afterPut?.(blob);
          return stored;
        };
      }
      if (prop === 'get' && faults.failGet) {
        return () => Promise.reject(new Error(`${target.name} is down`));
      }
      if (prop === 'delete' && faults.failDelete) {
        return () => Promise.reject(new Error(`${target.name} is down`));
      }
      const value: unknown = Reflect.get(target, prop, target);
      // Bound to the real backend: its methods use private fields a proxy does not have.
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/** A real store of `dialect`, real fs backends (each with its faults) and a layer over them. */
async function setup(dialect: TestDialect, names: string[], policy: BucketPolicy) {
  const faults = new Map<string, Faults>();
  const t = await openLayerHarness(dialect, {
    backends: names,
    bucket: 'photos',
    policy,
    postgres,
    wrap: (disk) => {
      const own: Faults = {};
      faults.set(disk.name, own);
      return faulty(disk, own);
    },
  });
  // No backoff: a job that failed comes due again at once.
  const cleanup = createCleanupProcessor({
    store: t.store,
    backends: (name) => t.pool.get(name)?.backend,
    backoff: () => 0,
  });
  return {
    ...t,
    cleanup,
    faults: (name: string) => faults.get(name)!,
    /** The bytes of the version's copy on `backend`, as that disk holds them (by its blob name). */
    async copyOn(key: string, backend: string) {
      const { blob, bytes } = await t.copyOn(key, backend);
      return { blob, text: bytes?.toString() };
    },
    async [Symbol.asyncDispose]() {
      await cleanup.close();
      await t[Symbol.asyncDispose]();
    },
  };
}

describe.each(TEST_DIALECTS)('a copy never lands on a name queued for deletion (%s)', (dialect) => {
  it('a drain that moves a copy back to a backend it left keeps the new copy', async () => {
    await using t = await setup(dialect, ['a', 'b', 'c'], {
      replication: { factor: 2, mode: 'sync' },
    });
    const written = await t.put('k', 'precious');
    expect(written.copies.map((c) => c.backend)).toEqual(['a', 'b']);
    const drainer = createDrainer({ store: t.store, layer: t.layer });

    // b drains: its copy moves to c, and b's blob is queued for deletion. The cleanup worker
    // deletes it but cannot complete the job (the metastore blinked): the job is retried.
    t.pool.setState('b', 'draining');
    expect(await drainer.runOnce()).toMatchObject({ moved: 1 });
    const complete = t.store.cleanup.complete.bind(t.store.cleanup);
    t.store.cleanup.complete = () => Promise.reject(new Error('metastore unavailable'));
    expect(await t.cleanup.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    t.store.cleanup.complete = complete;
    expect(await t.blobs('b')).toEqual([]);
    expect((await t.store.cleanup.stats()).pending).toBe(1);

    // b comes back and c drains before the cleanup worker ran: the copy goes back to b. The
    // cleanup worker runs while that copy's bytes are on b and not yet committed.
    t.pool.setState('b', 'active');
    t.pool.setState('c', 'draining');
    let during: unknown;
    t.faults('b').afterPut = async () => {
      t.faults('b').afterPut = undefined;
      during = await t.cleanup.runOnce();
    };
    expect(await drainer.runOnce()).toMatchObject({ moved: 1, failed: 0 });
    expect(during).toMatchObject({ claimed: 1, deleted: 1 });
    await t.cleanup.runOnce();

    const record = await t.store.objects.get('photos', 'k');
    expect(record?.copies.map((c) => c.backend).sort()).toEqual(['a', 'b']);
    const onB = await t.copyOn('k', 'b');
    expect(onB.text).toBe('precious');
    expect(onB.blob).not.toBe(written.copies[1]!.blob);
    // Only the live copy is left on b and nothing on c; both deletions happened.
    expect(await t.blobs('b')).toEqual([onB.blob]);
    expect(await t.blobs('c')).toEqual([]);
    expect(await t.store.cleanup.stats()).toMatchObject({ pending: 0, dead: 0 });
    await drainer.close();
  });

  it('a replica written where a failed sync copy left a queued blob keeps its bytes', async () => {
    await using t = await setup(dialect, ['a', 'b'], {
      replication: { factor: 2, mode: 'sync', writeQuorum: 1 },
    });
    // The sync copy on b fails mid-body, and b is down for the delete too: its intent stays,
    // and the reaper queues b's blob for deletion. The missing copy is queued for replication.
    t.faults('b').failPut = true;
    t.faults('b').failDelete = true;
    const written = await t.put('k', 'precious');
    expect(written.copies.map((c) => c.backend)).toEqual(['a']);
    const reaper = createPendingWriteReaper({
      store: t.store,
      clock: () => new Date(Date.now() + 86_400_000),
    });
    expect(await reaper.runOnce()).toMatchObject({ expired: 1 });
    await reaper.close();
    t.faults('b').failPut = false;
    t.faults('b').failDelete = false;

    // b is back. The replicator writes the copy; the cleanup worker runs while its bytes are on
    // b and not yet committed.
    let during: unknown;
    t.faults('b').afterPut = async () => {
      t.faults('b').afterPut = undefined;
      during = await t.cleanup.runOnce();
    };
    const replicator = createReplicator({ store: t.store, layer: t.layer });
    expect(await replicator.runOnce()).toMatchObject({ copied: 1 });
    expect(during).toMatchObject({ claimed: 1, deleted: 1 });

    const onB = await t.copyOn('k', 'b');
    expect(onB.text).toBe('precious');
    expect(onB.blob).not.toBe(written.copies[0]!.blob);
    expect(await t.blobs('b')).toEqual([onB.blob]);
    // Served from b alone.
    t.faults('a').failGet = true;
    const got = await t.layer.getObject({ bucket: 'photos', key: 'k' });
    const chunks: Buffer[] = [];
    for await (const chunk of got.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('precious');
    await replicator.close();
  });
});
