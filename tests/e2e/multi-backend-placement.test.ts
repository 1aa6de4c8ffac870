/**
 * Placement over real backends (a second Strata, s3rver, Ceph RGW, local directories): `pack`
 * fills each backend to its `quota_bytes` and overflows to the next, `spread` keeps them equally
 * full, concurrent writers never push a backend past its quota, and a write no backend has room
 * for answers 507 and stores nothing. Where the bytes are is read from each backend itself.
 */
import { describe, expect, it } from 'vitest';
import type { BackendInspector } from './support/backend-servers.js';
import { blobsOf, bytesOn, get, put, useMultiBackend } from './support/multi-backend.js';
import { catchS3Error } from './support/s3-client.js';
import { seededBytes, sha256 } from './support/test-data.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** The key each of a backend's blobs belongs to (`{bucket}/{key}@{writeId}`). */
async function keysOn(backend: BackendInspector, bucket: string): Promise<string[]> {
  const keys = (await backend.list())
    .filter((b) => b.name.startsWith(`${bucket}/`))
    .map((b) => b.name.slice(bucket.length + 1, b.name.lastIndexOf('@')));
  return keys.sort();
}

describe('placement over real backends', () => {
  const env = useMultiBackend({
    backends: [
      { name: 'pack-strata', server: 'strata', options: { quota_bytes: 300 * KiB } },
      { name: 'pack-rgw', server: 'rgw', options: { quota_bytes: 300 * KiB } },
      { name: 'pack-disk', server: 'fs', options: { quota_bytes: '200KiB' } },
      { name: 'spread-rgw', server: 'rgw', options: { quota_bytes: '2MiB' } },
      { name: 'spread-s3rver', server: 's3rver', options: { quota_bytes: '1MiB' } },
      { name: 'spread-disk', server: 'fs', options: { quota_bytes: '1MiB' } },
      { name: 'conc-rgw', server: 'rgw', options: { quota_bytes: '1MiB' } },
      { name: 'conc-disk', server: 'fs' },
    ],
    config: {
      buckets: [
        { name: 'packed', backends: ['pack-strata', 'pack-rgw', 'pack-disk'], placement: 'pack' },
        {
          name: 'spread',
          backends: ['spread-rgw', 'spread-s3rver', 'spread-disk'],
          placement: 'spread',
        },
        { name: 'concurrent', backends: ['conc-rgw', 'conc-disk'], placement: 'pack' },
      ],
    },
  });

  it('pack fills each backend to its quota, in order, then answers 507 and stores nothing', async () => {
    const { client } = env();
    // 100 KiB objects: 3 fill 300 KiB exactly, 2 fill 200 KiB.
    const objects = Array.from({ length: 8 }, (_, i) => ({
      key: `obj-${i + 1}`,
      body: seededBytes(`pack-${i}`, 100 * KiB),
    }));
    for (const { key, body } of objects) await put(client, 'packed', key, body);

    expect(await keysOn(env().backend('pack-strata'), 'packed')).toEqual([
      'obj-1',
      'obj-2',
      'obj-3',
    ]);
    expect(await keysOn(env().backend('pack-rgw'), 'packed')).toEqual(['obj-4', 'obj-5', 'obj-6']);
    expect(await keysOn(env().backend('pack-disk'), 'packed')).toEqual(['obj-7', 'obj-8']);
    expect(await bytesOn(env().backend('pack-strata'))).toBe(300 * KiB);
    expect(await bytesOn(env().backend('pack-disk'))).toBe(200 * KiB);

    // Every backend is full: even one byte more has nowhere to go.
    for (const size of [100 * KiB, 1]) {
      const refused = await catchS3Error(put(client, 'packed', 'one-too-many', Buffer.alloc(size)));
      expect(refused).toMatchObject({ name: 'InsufficientStorage', status: 507 });
    }
    for (const name of ['pack-strata', 'pack-rgw', 'pack-disk']) {
      expect(await blobsOf(env().backend(name), 'packed', 'one-too-many')).toEqual([]);
    }
    expect((await catchS3Error(get(client, 'packed', 'one-too-many'))).status).toBe(404);
    // An empty object takes no room: it still fits.
    await put(client, 'packed', 'empty', Buffer.alloc(0));
    for (const { key, body } of objects) {
      expect(sha256((await get(client, 'packed', key)).body)).toBe(sha256(body));
    }
  });

  it('spread keeps the backends equally full (used ÷ quota)', async () => {
    const { client } = env();
    const size = 64 * KiB;
    for (let i = 0; i < 16; i++) {
      await put(client, 'spread', `s-${i}`, seededBytes(`spread-${i}`, size));
    }
    const quotas = { 'spread-rgw': 2 * MiB, 'spread-s3rver': MiB, 'spread-disk': MiB };
    const used = await Promise.all(
      Object.entries(quotas).map(async ([name, quota]) => {
        const bytes = await bytesOn(env().backend(name));
        return { name, bytes, ratio: bytes / quota };
      }),
    );
    expect(used.reduce((sum, u) => sum + u.bytes, 0)).toBe(16 * size);
    const ratios = used.map((u) => u.ratio);
    // Equal within one object, whatever the order the ties were broken in.
    expect(Math.max(...ratios) - Math.min(...ratios)).toBeLessThanOrEqual(size / MiB);
    // The backend with twice the quota holds about twice the bytes.
    expect(used[0]!.bytes).toBeGreaterThanOrEqual(7 * size);
  });

  it('24 concurrent PUTs never push a backend past its quota; every byte lands once', async () => {
    const { client } = env();
    const size = 100 * KiB;
    const objects = Array.from({ length: 24 }, (_, i) => ({
      key: `c-${String(i).padStart(2, '0')}`,
      body: seededBytes(`concurrent-${i}`, size),
    }));
    await Promise.all(objects.map(({ key, body }) => put(client, 'concurrent', key, body)));

    const onRgw = await env().backend('conc-rgw').list();
    const onDisk = await env().backend('conc-disk').list();
    const rgwBytes = onRgw.reduce((sum, b) => sum + b.size, 0);
    expect(rgwBytes).toBeLessThanOrEqual(MiB);
    // pack: the first backend is filled as far as whole objects go (10 × 100 KiB ≤ 1 MiB).
    expect(rgwBytes).toBe(10 * size);
    expect(onRgw.length + onDisk.length).toBe(objects.length);
    const stored = [...(await keysOn(env().backend('conc-rgw'), 'concurrent'))];
    stored.push(...(await keysOn(env().backend('conc-disk'), 'concurrent')));
    expect(stored.sort()).toEqual(objects.map((o) => o.key));
    for (const { key, body } of objects) {
      expect(sha256((await get(client, 'concurrent', key)).body)).toBe(sha256(body));
    }
  });
});
