import { describe, expect, it } from 'vitest';
import type { ObjectLayer } from './object-layer.js';
import { bodyOf, patternBytes, readAll, wrapBackend } from './testing/harness.js';
import { createMultiHarness } from './testing/multi-harness.js';

const KiB = 1024;

async function put(layer: ObjectLayer, key: string, size: number) {
  const data = patternBytes(size, key.length + size);
  const { record } = await layer.putObject({
    bucket: 'bkt',
    key,
    body: bodyOf(data),
    contentLength: size,
  });
  return record;
}

describe('placement over several backends', () => {
  it('pack fills the first backend up to its byte quota, then the next', async () => {
    await using h = await createMultiHarness({
      member: (disk) => (disk.name === 'a' ? { quota: { bytes: 10 * KiB } } : {}),
    });
    const placed: string[] = [];
    for (let i = 0; i < 5; i++)
      placed.push((await put(h.layer, `k${i}`, 4 * KiB)).copies[0]!.backend);
    // 4 + 4 fit in 10 KiB; the third would make 12.
    expect(placed).toEqual(['a', 'a', 'b', 'b', 'b']);
    expect((await h.blobs('a')).length).toBe(2);
  });

  it('never overshoots a quota under concurrent writers of known size', async () => {
    await using h = await createMultiHarness({
      names: ['a', 'b'],
      member: (disk) => ({ quota: { bytes: disk.name === 'a' ? 40 * KiB : 1024 * KiB } }),
    });
    const records = await Promise.all(
      Array.from({ length: 30 }, (_, i) => put(h.layer, `c${i}`, 3 * KiB)),
    );
    const onA = records.filter((r) => r.copies[0]!.backend === 'a').length;
    expect(onA * 3 * KiB).toBeLessThanOrEqual(40 * KiB);
    expect(onA).toBe(13); // as many as fit: in-flight writes were counted
    expect((await h.store.usage.byBackend()).a?.bytes).toBe(onA * 3 * KiB);
  });

  it('spread puts each write on the least utilized backend', async () => {
    await using h = await createMultiHarness({
      names: ['a', 'b'],
      policy: { placement: 'spread' },
      member: () => ({ quota: { bytes: 1024 * KiB } }),
    });
    const placed: string[] = [];
    for (let i = 0; i < 6; i++)
      placed.push((await put(h.layer, `s${i}`, 8 * KiB)).copies[0]!.backend);
    expect(placed.filter((b) => b === 'a').length).toBe(3);
    expect(placed.filter((b) => b === 'b').length).toBe(3);
  });

  it('answers ENO_CAPACITY when every backend is full, storing nothing', async () => {
    await using h = await createMultiHarness({
      names: ['a', 'b'],
      member: () => ({ quota: { objects: 1 } }),
    });
    await put(h.layer, 'one', 10);
    await put(h.layer, 'two', 10);
    const error = await put(h.layer, 'three', 10).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('ENO_CAPACITY');
    expect((await h.blobs('a')).length + (await h.blobs('b')).length).toBe(2);
    expect(await h.store.intents.expire(new Date(Date.now() + 86_400_000), 10)).toEqual([]);
  });

  it('respects max_object_size: a big object goes to a backend that takes it', async () => {
    await using h = await createMultiHarness({
      names: ['small', 'big'],
      member: (disk) => (disk.name === 'small' ? { maxObjectSize: 1000 } : {}),
    });
    expect((await put(h.layer, 'tiny', 500)).copies[0]!.backend).toBe('small');
    expect((await put(h.layer, 'large', 5000)).copies[0]!.backend).toBe('big');
  });

  it('skips draining and readonly backends for writes but still reads from them', async () => {
    await using h = await createMultiHarness({ names: ['a', 'b'] });
    const first = await put(h.layer, 'old', 100);
    expect(first.copies[0]!.backend).toBe('a');
    h.pool.setState('a', 'draining');
    expect((await put(h.layer, 'new', 100)).copies[0]!.backend).toBe('b');
    h.pool.setState('b', 'readonly');
    const error = await put(h.layer, 'none', 100).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('ENO_WRITABLE_BACKEND');
    const got = await h.layer.getObject({ bucket: 'bkt', key: 'old' });
    expect((await readAll(got.body)).length).toBe(100);
  });

  it('skips a backend whose circuit is open and writes elsewhere', async () => {
    let broken = true;
    await using h = await createMultiHarness({
      names: ['a', 'b'],
      member: (disk) =>
        disk.name === 'a'
          ? {
              // A breaker that opens after 2 failures in a short window.
              breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
              backend: wrapBackend(disk, 'a', {
                put: (blob, body, o) => {
                  if (!broken) return disk.put(blob, body, o);
                  body.destroy();
                  return Promise.reject(new Error('disk a is gone'));
                },
              }),
            }
          : {},
    });
    await expect(put(h.layer, 'f1', 10)).rejects.toThrow('disk a is gone');
    await expect(put(h.layer, 'f2', 10)).rejects.toThrow('disk a is gone');
    expect(h.pool.get('a')?.circuit).toBe('open');
    expect((await put(h.layer, 'ok', 10)).copies[0]!.backend).toBe('b');
    broken = false;
  });
});
