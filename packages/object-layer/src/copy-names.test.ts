import { Readable } from 'node:stream';
import { MetastoreUnavailableError, type MetaStore } from '@strata/metastore-core';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { describe, expect, it } from 'vitest';
import { blobNameFor, copyBlobNameFor } from './internal/load.js';
import type { ObjectLayer } from './object-layer.js';
import { bodyOf, patternBytes, readAll, runCleanup, sha256 } from './testing/harness.js';
import { createMultiHarness, type MultiHarness } from './testing/multi-harness.js';
import { createWriteId } from './write-id.js';

const postgres = await usePostgresTestDatabase();

async function put(layer: ObjectLayer, key: string, data: Buffer) {
  return (
    await layer.putObject({ bucket: 'bkt', key, body: bodyOf(data), contentLength: data.length })
  ).record;
}

/** The bytes of the copy the metastore records for `key` on `backend`, read from that disk. */
async function copyOn(h: MultiHarness, key: string, backend: string) {
  const record = await h.store.objects.get('bkt', key);
  const copy = record?.copies.find((c) => c.backend === backend);
  if (copy === undefined) throw new Error(`no copy of ${key} on ${backend}`);
  return { blob: copy.blob, bytes: await readAll(await h.disks.get(backend)!.get(copy.blob)) };
}

/** A store whose every call fails, as an unreachable database's would, once `down` is set. */
function switchable(store: MetaStore): { store: MetaStore; down: boolean } {
  const state = { store, down: false };
  const guard = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value: unknown = Reflect.get(obj, prop, receiver);
        if (typeof value === 'function') {
          return (...args: unknown[]) =>
            state.down
              ? Promise.reject(new MetastoreUnavailableError('connection refused'))
              : (value as (...a: unknown[]) => unknown).apply(obj, args);
        }
        return value !== null && typeof value === 'object' ? guard(value) : value;
      },
    });
  state.store = guard(store);
  return state;
}

describe.each(TEST_DIALECTS)('every copy gets a blob name of its own (%s)', (dialect) => {
  const async2 = { replication: { factor: 2, mode: 'async' as const } };

  it('a replica lands under a fresh name, recorded and on disk, with an intent until its commit', async () => {
    await using h = await createMultiHarness({
      names: ['a', 'b'],
      policy: async2,
      dialect,
      postgres,
    });
    const data = patternBytes(300_000, 1);
    const record = await put(h.layer, 'k', data);
    const [job] = await h.store.replication.claim(new Date(), 10, 60_000);
    const intents: string[] = [];
    const add = h.store.intents.add.bind(h.store.intents);
    h.store.intents.add = (intent) => {
      intents.push(`${intent.backend}:${intent.blob}`);
      return add(intent);
    };
    expect(await h.layer.replicateCopy(job!)).toEqual({ kind: 'copied', backend: 'b' });

    const source = record.copies[0]!.blob;
    const replica = await copyOn(h, 'k', 'b');
    expect(replica.blob).not.toBe(source);
    expect(replica.blob.startsWith(`${source}.`)).toBe(true);
    expect(sha256(replica.bytes)).toBe(sha256(data));
    expect(await h.blobs('a')).toEqual([source]);
    expect(await h.blobs('b')).toEqual([replica.blob]);
    // Intent before bytes, removed by the commit: nothing is left for the reaper.
    expect(intents).toEqual([`b:${replica.blob}`]);
    expect(await h.store.intents.expire(new Date(Date.now() + 86_400_000), 10)).toEqual([]);
  });

  it('an evacuation writes its replacement under a fresh name and queues only the old blob', async () => {
    await using h = await createMultiHarness({
      names: ['a', 'b', 'c'],
      policy: { replication: { factor: 2, mode: 'sync' } },
      dialect,
      postgres,
    });
    const data = patternBytes(200_000, 2);
    const record = await put(h.layer, 'k', data);
    const shared = record.copies[0]!.blob;
    expect(record.copies).toEqual([
      { backend: 'a', blob: shared },
      { backend: 'b', blob: shared },
    ]);
    h.pool.setState('a', 'draining');
    expect(
      await h.layer.evacuateCopy({
        bucket: 'bkt',
        key: 'k',
        versionId: record.versionId,
        backend: 'a',
      }),
    ).toEqual({ kind: 'moved', to: 'c' });

    const moved = await copyOn(h, 'k', 'c');
    expect(moved.blob).not.toBe(shared);
    expect(sha256(moved.bytes)).toBe(sha256(data));
    expect(await h.blobs('c')).toEqual([moved.blob]);
    await runCleanup(h.store, [...h.disks.values()]);
    expect(await h.blobs('a')).toEqual([]);
    expect(await h.blobs('b')).toEqual([shared]);
    const got = await h.layer.getObject({ bucket: 'bkt', key: 'k' });
    expect(sha256(await readAll(got.body))).toBe(sha256(data));
  });

  it('two replications racing to one backend leave one copy and delete only their own blob', async () => {
    await using h = await createMultiHarness({
      names: ['a', 'b'],
      policy: async2,
      dialect,
      postgres,
    });
    const data = patternBytes(500_000, 3);
    await put(h.layer, 'k', data);
    const [job] = await h.store.replication.claim(new Date(), 10, 60_000);
    const outcomes = await Promise.all([h.layer.replicateCopy(job!), h.layer.replicateCopy(job!)]);
    expect(outcomes.filter((o) => o.kind === 'copied')).toHaveLength(1);
    const replica = await copyOn(h, 'k', 'b');
    expect(sha256(replica.bytes)).toBe(sha256(data));
    expect(await h.blobs('b')).toEqual([replica.blob]);
  });

  it('degraded reads find a replica by its version, and never take an old version for new', async () => {
    let sw: ReturnType<typeof switchable> | undefined;
    await using h = await createMultiHarness({
      names: ['a', 'b'],
      policy: async2,
      metastoreRetryMs: 60_000,
      wrapStore: (store) => (sw = switchable(store)).store,
      dialect,
      postgres,
    });
    // r: its original is gone from a, its replica (under a name of its own) is on b.
    const r = await put(h.layer, 'r', Buffer.from('replicated'));
    const [job] = await h.store.replication.claim(new Date(), 10, 60_000);
    expect(await h.layer.replicateCopy(job!)).toMatchObject({ kind: 'copied' });
    await h.disks.get('a')!.delete(r.copies[0]!.blob);
    // k: a newer version, then a late copy of the old one (a replica of v1 discarded after v2
    // was written, still on disk), whose copy id is newer than v2's write id.
    const v1 = await put(h.layer, 'k', Buffer.from('first'));
    const v2 = await put(h.layer, 'k', Buffer.from('second'));
    const late = copyBlobNameFor('bkt', 'k', v1.versionId, createWriteId());
    expect(late.slice(-v2.versionId.length) > v2.versionId).toBe(true);
    await h.disks.get('b')!.put(late, Readable.from([Buffer.from('first')]));
    sw!.down = true;

    const got = await h.layer.getObject({ bucket: 'bkt', key: 'r' });
    expect(got).toMatchObject({ degraded: true, record: { versionId: r.versionId } });
    expect((await readAll(got.body)).toString()).toBe('replicated');
    const newest = await h.layer.getObject({ bucket: 'bkt', key: 'k' });
    expect(newest.record.versionId).toBe(v2.versionId);
    expect(newest.record.copies).toEqual([
      { backend: 'a', blob: blobNameFor('bkt', 'k', v2.versionId) },
    ]);
    expect((await readAll(newest.body)).toString()).toBe('second');
  });
});
