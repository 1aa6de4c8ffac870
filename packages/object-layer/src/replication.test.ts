import { Transform, type Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ObjectLayer } from './object-layer.js';
import { bodyOf, md5Hex, patternBytes, readAll, sha256, wrapBackend } from './testing/harness.js';
import { createMultiHarness } from './testing/multi-harness.js';

const MiB = 1024 * 1024;

async function put(layer: ObjectLayer, key: string, data: Buffer) {
  return (
    await layer.putObject({ bucket: 'bkt', key, body: bodyOf(data), contentLength: data.length })
  ).record;
}

/** A put that reads `failAfter` bytes of the body and then fails, like a backend that died. */
function dyingPut(failAfter: number) {
  return async (_blob: string, body: Readable): Promise<{ size: number }> => {
    let seen = 0;
    for await (const chunk of body) {
      seen += (chunk as Buffer).length;
      if (seen >= failAfter) {
        body.destroy();
        throw new Error('backend died mid-body');
      }
    }
    throw new Error('backend died at the end');
  };
}

describe('sync replication', () => {
  const sync = { replication: { factor: 2, mode: 'sync' as const } };

  it('tees the body to two backends; both copies are byte-exact', async () => {
    await using h = await createMultiHarness({ names: ['a', 'b'], policy: sync });
    const data = patternBytes(3 * MiB + 17, 1);
    const record = await put(h.layer, 'k', data);
    expect(record.copies.map((c) => c.backend)).toEqual(['a', 'b']);
    for (const copy of record.copies) {
      const stored = await readAll(await h.disks.get(copy.backend)!.get(copy.blob));
      expect(sha256(stored)).toBe(sha256(data));
    }
    expect(record.etag).toBe(md5Hex(data));
    expect((await h.store.replication.stats()).pending).toBe(0);
  });

  it('with a quorum of 1 succeeds when one backend dies mid-body, and queues the missing copy', async () => {
    await using h = await createMultiHarness({
      names: ['a', 'b'],
      policy: { replication: { factor: 2, mode: 'sync', writeQuorum: 1 } },
      member: (disk) =>
        disk.name === 'b' ? { backend: wrapBackend(disk, 'b', { put: dyingPut(MiB) }) } : {},
    });
    const data = patternBytes(4 * MiB, 2);
    const record = await put(h.layer, 'q', data);
    expect(record.copies.map((c) => c.backend)).toEqual(['a']);
    expect(await h.blobs('b')).toEqual([]);
    const stats = await h.store.replication.stats();
    expect(stats.pendingByTarget).toEqual({ b: 1 });
    const got = await h.layer.getObject({ bucket: 'bkt', key: 'q' });
    expect(sha256(await readAll(got.body))).toBe(sha256(data));
  });

  it('with a quorum of 2 fails when one backend dies, leaving no blob and no row', async () => {
    await using h = await createMultiHarness({
      names: ['a', 'b'],
      policy: sync,
      member: (disk) =>
        disk.name === 'b' ? { backend: wrapBackend(disk, 'b', { put: dyingPut(MiB) }) } : {},
    });
    await expect(put(h.layer, 'q', patternBytes(4 * MiB, 3))).rejects.toThrow('backend died');
    expect(await h.blobs('a')).toEqual([]);
    expect(await h.blobs('b')).toEqual([]);
    expect(await h.store.objects.get('bkt', 'q')).toBeUndefined();
    expect(await h.store.intents.expire(new Date(Date.now() + 86_400_000), 10)).toEqual([]);
  });

  it('paces the tee by the slowest backend, which still gets every byte', async () => {
    let slowReads = 0;
    await using h = await createMultiHarness({
      names: ['fast', 'slow'],
      policy: sync,
      member: (disk) =>
        disk.name === 'slow'
          ? {
              backend: wrapBackend(disk, 'slow', {
                put: (blob, body, o) => {
                  const paced = body.pipe(
                    new Transform({
                      transform(chunk: Buffer, _e: string, done: (e: null, c: Buffer) => void) {
                        slowReads++;
                        setTimeout(() => done(null, chunk), 1);
                      },
                    }),
                  );
                  return disk.put(blob, paced, o);
                },
              }),
            }
          : {},
    });
    const data = patternBytes(8 * MiB, 4);
    const record = await put(h.layer, 'slow', data);
    expect(record.copies.length).toBe(2);
    expect(slowReads).toBeGreaterThan(10);
    const slow = record.copies.find((c) => c.backend === 'slow')!;
    expect(sha256(await readAll(await h.disks.get('slow')!.get(slow.blob)))).toBe(sha256(data));
  });
});

describe('async replication', () => {
  const async2 = { replication: { factor: 2, mode: 'async' as const } };

  it('writes one copy now and queues the second; replicateCopy makes it', async () => {
    await using h = await createMultiHarness({ names: ['a', 'b'], policy: async2 });
    const data = patternBytes(MiB + 5, 5);
    const record = await put(h.layer, 'r', data);
    expect(record.copies.map((c) => c.backend)).toEqual(['a']);
    const [job] = await h.store.replication.claim(new Date(), 10, 60_000);
    expect(job).toMatchObject({ bucket: 'bkt', key: 'r', sourceBackend: 'a', targetBackend: 'b' });
    const outcome = await h.layer.replicateCopy(job!);
    expect(outcome).toEqual({ kind: 'copied', backend: 'b' });
    const after = await h.store.objects.get('bkt', 'r');
    expect(after?.copies.map((c) => c.backend).sort()).toEqual(['a', 'b']);
    const copy = after!.copies.find((c) => c.backend === 'b')!;
    expect(sha256(await readAll(await h.disks.get('b')!.get(copy.blob)))).toBe(sha256(data));
    expect(await h.layer.replicateCopy(job!)).toEqual({ kind: 'present' });
    expect((await h.store.usage.byBackend()).b).toEqual({ bytes: data.length, objects: 1 });
  });

  it('a job for a version overwritten since is stale and leaves no blob behind', async () => {
    await using h = await createMultiHarness({ names: ['a', 'b'], policy: async2 });
    await put(h.layer, 'r', Buffer.from('first'));
    const [job] = await h.store.replication.claim(new Date(), 10, 60_000);
    await put(h.layer, 'r', Buffer.from('second'));
    expect(await h.layer.replicateCopy(job!)).toEqual({ kind: 'stale' });
    expect(await h.blobs('b')).toEqual([]);
  });

  it('CompleteMultipartUpload queues the replicas of the assembled object', async () => {
    await using h = await createMultiHarness({ names: ['a', 'b'], policy: async2 });
    const { uploadId } = await h.layer.createMultipartUpload({
      bucket: 'bkt',
      key: 'mp',
      owner: 'alice',
    });
    const part = patternBytes(5 * MiB, 6);
    const p1 = await h.layer.uploadPart({
      bucket: 'bkt',
      key: 'mp',
      uploadId,
      partNumber: 1,
      body: bodyOf(part),
      contentLength: part.length,
    });
    await h.layer.completeMultipartUpload({
      bucket: 'bkt',
      key: 'mp',
      uploadId,
      parts: [{ partNumber: 1, etag: p1.etag }],
    });
    const [job] = await h.store.replication.claim(new Date(), 10, 60_000);
    expect(job).toMatchObject({ key: 'mp', sourceBackend: 'a', targetBackend: 'b' });
    expect(await h.layer.replicateCopy(job!)).toEqual({ kind: 'copied', backend: 'b' });
    h.pool.setState('a', 'readonly');
    const got = await h.layer.getObject({ bucket: 'bkt', key: 'mp' });
    expect(sha256(await readAll(got.body))).toBe(sha256(part));
  });
});

describe('reads over several copies', () => {
  it('fail over mid-stream: a copy that dies after 1 MiB is continued from the other', async () => {
    let cut = false;
    await using h = await createMultiHarness({
      names: ['a', 'b'],
      policy: { replication: { factor: 2, mode: 'sync' } },
      member: (disk) =>
        disk.name === 'a'
          ? {
              backend: wrapBackend(disk, 'a', {
                get: async (blob, o) => {
                  const stream = await disk.get(blob, o);
                  if (!cut) return stream;
                  let sent = 0;
                  return stream.pipe(
                    new Transform({
                      transform(
                        chunk: Buffer,
                        _e: string,
                        done: (e?: Error | null, c?: Buffer) => void,
                      ) {
                        sent += chunk.length;
                        if (sent > MiB) return done(new Error('connection reset'));
                        done(null, chunk);
                      },
                    }),
                  );
                },
              }),
            }
          : {},
    });
    const data = patternBytes(5 * MiB + 3, 7);
    await put(h.layer, 'big', data);
    cut = true;
    const whole = await h.layer.getObject({ bucket: 'bkt', key: 'big' });
    expect(sha256(await readAll(whole.body))).toBe(sha256(data));
    const ranged = await h.layer.getObject({
      bucket: 'bkt',
      key: 'big',
      range: { kind: 'bounded', start: 100, end: 3 * MiB },
    });
    expect(sha256(await readAll(ranged.body))).toBe(sha256(data.subarray(100, 3 * MiB + 1)));
  });

  it('fail over before the first byte when a copy is missing', async () => {
    await using h = await createMultiHarness({
      names: ['a', 'b'],
      policy: { replication: { factor: 2, mode: 'sync' } },
    });
    const data = patternBytes(1000, 8);
    const record = await put(h.layer, 'gone', data);
    await h.disks.get('a')!.delete(record.copies[0]!.blob);
    const got = await h.layer.getObject({ bucket: 'bkt', key: 'gone' });
    expect(await readAll(got.body)).toEqual(data);
  });

  it('answers SlowDown when every copy is on a backend over its egress limit', async () => {
    await using h = await createMultiHarness({
      names: ['a'],
      member: () => ({ limits: { egressBytes: 2000 } }),
    });
    await put(h.layer, 'e', patternBytes(1500, 9));
    await readAll((await h.layer.getObject({ bucket: 'bkt', key: 'e' })).body);
    await readAll((await h.layer.getObject({ bucket: 'bkt', key: 'e' })).body);
    const error = await h.layer.getObject({ bucket: 'bkt', key: 'e' }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('SlowDown');
  });
});
