import { describe, expect, it } from 'vitest';
import { bodyOf, patternBytes, readAll } from './testing/harness.js';
import { createMultiHarness } from './testing/multi-harness.js';
import { switchable } from './testing/switchable-store.js';

describe('degraded mode (metastore unreachable)', () => {
  it('serves GET and HEAD of the newest blob from the backends, and refuses writes at once', async () => {
    let sw: ReturnType<typeof switchable> | undefined;
    await using h = await createMultiHarness({
      names: ['a', 'b'],
      policy: { replication: { factor: 2, mode: 'sync' } },
      metastoreRetryMs: 60_000,
      wrapStore: (store) => (sw = switchable(store)).store,
    });
    const old = patternBytes(2000, 1);
    const data = patternBytes(3000, 2);
    await h.layer.putObject({
      bucket: 'bkt',
      key: 'dir/k',
      body: bodyOf(old),
      contentLength: 2000,
    });
    await h.layer.putObject({
      bucket: 'bkt',
      key: 'dir/k',
      body: bodyOf(data),
      contentLength: 3000,
    });
    // A longer key sharing the prefix must not be mistaken for it.
    await h.layer.putObject({
      bucket: 'bkt',
      key: 'dir/k@x',
      body: bodyOf('other'),
      contentLength: 5,
    });
    sw!.down = true;

    const head = await h.layer.headObject({ bucket: 'bkt', key: 'dir/k' });
    expect(head).toMatchObject({ degraded: true, record: { size: 3000, etag: '' } });
    expect(h.layer.degraded).toBe(true);
    const got = await h.layer.getObject({
      bucket: 'bkt',
      key: 'dir/k',
      range: { kind: 'bounded', start: 10, end: 19 },
    });
    expect(await readAll(got.body)).toEqual(data.subarray(10, 20));
    await expect(h.layer.headObject({ bucket: 'bkt', key: 'nope' })).rejects.toMatchObject({
      code: 'NoSuchKey',
    });

    const before = sw!.calls;
    const body = bodyOf('new');
    await expect(
      h.layer.putObject({ bucket: 'bkt', key: 'w', body, contentLength: 3 }),
    ).rejects.toMatchObject({ code: 'EMETA_UNAVAILABLE' });
    expect(sw!.calls).toBe(before); // refused without waiting on the database
    expect(body.destroyed).toBe(true);

    // A copy gone from one backend: the other still serves it.
    const blob = (await h.blobs('a')).find(
      (b) => b.startsWith('bkt/dir/k@') && b.length === 'bkt/dir/k@'.length + 26,
    )!;
    await h.disks.get('a')!.delete(blob);
    const again = await h.layer.getObject({ bucket: 'bkt', key: 'dir/k' });
    expect(await readAll(again.body)).toEqual(data);
  });

  it('recovers by itself once the metastore answers again', async () => {
    let sw: ReturnType<typeof switchable> | undefined;
    await using h = await createMultiHarness({
      names: ['a'],
      metastoreRetryMs: 50,
      wrapStore: (store) => (sw = switchable(store)).store,
    });
    await h.layer.putObject({ bucket: 'bkt', key: 'k', body: bodyOf('hello'), contentLength: 5 });
    sw!.down = true;
    expect((await h.layer.headObject({ bucket: 'bkt', key: 'k' })).degraded).toBe(true);
    sw!.down = false;
    await new Promise((r) => setTimeout(r, 60));
    const head = await h.layer.headObject({ bucket: 'bkt', key: 'k' });
    expect(head.degraded).toBeUndefined();
    expect(head.record.etag).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(h.layer.degraded).toBe(false);
  });

  it('honours a delete marker: its tombstone hides the key until the marker is deleted', async () => {
    let sw: ReturnType<typeof switchable> | undefined;
    await using h = await createMultiHarness({
      names: ['a', 'b'],
      policy: { replication: { factor: 2, mode: 'sync' } },
      metastoreRetryMs: 50,
      wrapStore: (store) => (sw = switchable(store)).store,
    });
    const settle = () => new Promise((r) => setTimeout(r, 60));
    await h.layer.putBucketVersioning('bkt', { status: 'Enabled' });
    await h.layer.putObject({ bucket: 'bkt', key: 'k', body: bodyOf('kept'), contentLength: 4 });
    const marker = await h.layer.deleteObject({ bucket: 'bkt', key: 'k' });
    // One empty tombstone per backend, beside the version's blob (which stays).
    for (const name of ['a', 'b']) {
      expect((await h.blobs(name)).filter((b) => b.endsWith('.deleted'))).toEqual([
        `bkt/k@${marker.versionId}.deleted`,
      ]);
    }
    sw!.down = true;
    await expect(h.layer.getObject({ bucket: 'bkt', key: 'k' })).rejects.toMatchObject({
      code: 'NoSuchKey',
      headers: { 'x-amz-delete-marker': 'true' },
    });
    sw!.down = false;
    await settle();
    // Deleting the marker brings the version back, in degraded mode too.
    await h.layer.deleteObject({ bucket: 'bkt', key: 'k', versionId: marker.versionId });
    expect((await h.blobs('a')).filter((b) => b.endsWith('.deleted'))).toEqual([]);
    sw!.down = true;
    const got = await h.layer.getObject({ bucket: 'bkt', key: 'k' });
    expect(got.degraded).toBe(true);
    expect((await readAll(got.body)).toString()).toBe('kept');
    sw!.down = false;
    await settle();
    // The tombstones were queued for deletion as well, should the inline delete have failed.
    expect((await h.store.cleanup.stats()).pending).toBe(2);
  });

  it('refuses a conditional read it cannot evaluate with a retryable 503', async () => {
    let sw: ReturnType<typeof switchable> | undefined;
    await using h = await createMultiHarness({
      names: ['a'],
      wrapStore: (store) => (sw = switchable(store)).store,
    });
    await h.layer.putObject({ bucket: 'bkt', key: 'k', body: bodyOf('x'), contentLength: 1 });
    sw!.down = true;
    await expect(
      h.layer.getObject({ bucket: 'bkt', key: 'k', conditions: { ifMatch: '"abc"' } }),
    ).rejects.toMatchObject({ code: 'ServiceUnavailable' });
  });
});
