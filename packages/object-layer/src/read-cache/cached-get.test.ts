import { randomBytes } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ByteRange, FsBackend } from '@strata/backend-pool';
import { Keyring } from '@strata/envelope';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { bodyOf, patternBytes, readAll, sha256, wrapBackend } from '../testing/harness.js';
import { createMultiHarness } from '../testing/multi-harness.js';
import type { BucketPolicy, RangeSpec } from '../types.js';
import { openReadCache } from './read-cache.js';

// GetObject through the read cache: the key → blob mapping is read from the metastore on every
// request, so a read after an overwrite or a delete never sees the old bytes, on either dialect.
// Bodies are compared by digest: a failing comparison of large buffers would take minutes to diff.

const postgres = await usePostgresTestDatabase();

/** `inner`, failing like a reset connection once more than `bytes` bytes came through. */
function cutAfter(inner: Readable, bytes: number): Readable {
  let seen = 0;
  const out = new PassThrough();
  inner.on('error', (error) => out.destroy(error));
  out.on('close', () => inner.destroy());
  out.on('drain', () => inner.resume());
  inner.on('end', () => out.end());
  inner.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > bytes) out.destroy(new Error('connection reset by the backend'));
    else if (!out.write(chunk)) inner.pause();
  });
  return out;
}
const B = 64 * 1024;

for (const dialect of TEST_DIALECTS) {
  describe(`GetObject through the read cache on ${dialect}`, () => {
    async function open(
      policy: BucketPolicy,
      extra: Parameters<typeof createMultiHarness>[0] = {},
    ) {
      const cache = await openReadCache({ blockSize: B, memoryBytes: 64 * B });
      const gets: { backend: string; range: ByteRange | undefined }[] = [];
      /** Backends whose read streams fail after this many bytes (a connection reset). */
      const cut = new Map<string, number>();
      const count = (disk: FsBackend) => ({
        backend: wrapBackend(disk, disk.name, {
          get: async (blob, options) => {
            gets.push({ backend: disk.name, range: options?.range });
            const stream = await disk.get(blob, options);
            const after = cut.get(disk.name);
            return after === undefined ? stream : cutAfter(stream, after);
          },
        }),
      });
      const h = await createMultiHarness({
        names: ['a', 'b'],
        dialect,
        postgres,
        policy,
        readCache: cache,
        member: count,
        ...extra,
      });
      return {
        h,
        cache,
        gets,
        cut,
        async get(key: string, range?: RangeSpec) {
          const out = await h.layer.getObject({ bucket: 'bkt', key, ...(range ? { range } : {}) });
          return readAll(out.body);
        },
        async put(key: string, data: Buffer) {
          await h.layer.putObject({
            bucket: 'bkt',
            key,
            body: bodyOf(data),
            contentLength: data.length,
          });
        },
        async [Symbol.asyncDispose]() {
          await h[Symbol.asyncDispose]();
          await cache.close();
        },
      };
    }
    const bounded = (start: number, end: number): RangeSpec => ({ kind: 'bounded', start, end });

    it('serves repeated ranges from the cache and never old bytes after an overwrite or delete', async () => {
      await using t = await open({ cache: {} });
      const first = patternBytes(5 * B + 100, 1);
      await t.put('data.parquet', first);
      expect(sha256(await t.get('data.parquet', bounded(B - 10, 3 * B)))).toBe(
        sha256(first.subarray(B - 10, 3 * B + 1)),
      );
      expect(t.gets).toEqual([{ backend: 'a', range: { start: 0, end: 4 * B - 1 } }]);
      expect(sha256(await t.get('data.parquet', bounded(0, 4 * B - 1)))).toBe(
        sha256(first.subarray(0, 4 * B)),
      );
      expect(t.gets).toHaveLength(1);

      const second = patternBytes(5 * B + 100, 2);
      await t.put('data.parquet', second);
      expect(sha256(await t.get('data.parquet', bounded(0, 4 * B - 1)))).toBe(
        sha256(second.subarray(0, 4 * B)),
      );
      expect(sha256(await t.get('data.parquet'))).toBe(sha256(second));
      await t.h.layer.deleteObject({ bucket: 'bkt', key: 'data.parquet' });
      await expect(t.get('data.parquet', bounded(0, 9))).rejects.toMatchObject({
        code: 'NoSuchKey',
      });
      expect(t.cache.stats().buckets.get('bkt')).toMatchObject({ hits: 4 + 4 });
    });

    it('leaves out buckets without a cache policy, objects over the size cap and uncached backends', async () => {
      await using none = await open({});
      await none.put('k', patternBytes(B, 3));
      await none.get('k');
      await none.get('k');
      expect(none.gets).toHaveLength(2);
      expect(none.cache.stats().buckets.size).toBe(0);

      await using capped = await open({ cache: { maxObjectSize: B } });
      await capped.put('small', patternBytes(B, 4));
      await capped.put('large', patternBytes(B + 1, 5));
      for (let i = 0; i < 2; i += 1) {
        expect(sha256(await capped.get('small'))).toBe(sha256(patternBytes(B, 4)));
        expect(sha256(await capped.get('large'))).toBe(sha256(patternBytes(B + 1, 5)));
      }
      expect(capped.gets.map((g) => g.range)).toEqual([
        { start: 0, end: B - 1 },
        undefined,
        undefined,
      ]);

      await using onlyB = await open({ cache: { backends: ['b'] } });
      await onlyB.put('k', patternBytes(B, 6));
      await onlyB.get('k');
      await onlyB.get('k');
      expect(onlyB.gets).toHaveLength(2);
    });

    it('caches ciphertext and serves plaintext ranges of an encrypted object', async () => {
      await using t = await open(
        { cache: {} },
        {
          encryption: {
            keyring: new Keyring({ keys: { k1: randomBytes(32) }, current: 'k1' }),
            encryptionChunkSize: 4096,
          },
        },
      );
      const data = patternBytes(3 * B, 7);
      await t.h.layer.putObject({
        bucket: 'bkt',
        key: 'secret',
        body: bodyOf(data),
        contentLength: data.length,
        encryption: { method: 'AES256' },
      });
      for (const [start, end] of [
        [0, 99],
        [B - 5000, 2 * B + 17],
        [3 * B - 1, 3 * B - 1],
      ] as const) {
        expect(sha256(await t.get('secret', bounded(start, end)))).toBe(
          sha256(data.subarray(start, end + 1)),
        );
      }
      const cold = t.gets.length;
      expect(sha256(await t.get('secret'))).toBe(sha256(data));
      expect(sha256(await t.get('secret', bounded(100, 200)))).toBe(
        sha256(data.subarray(100, 201)),
      );
      expect(t.gets.length).toBeLessThanOrEqual(cold + 1);
      const blobs = await t.h.blobs('a');
      expect(blobs).toHaveLength(1);
    });

    it('a backend stream that resets mid-body: the other copy goes on; with none, the body fails and the next read is whole', async () => {
      await using two = await open({ cache: {}, replication: { factor: 2, mode: 'sync' } });
      const data = patternBytes(4 * B, 9);
      await two.put('k', data);
      const { record } = await two.h.layer.headObject({ bucket: 'bkt', key: 'k' });
      two.cut.set(record.copies[0]!.backend, B + 100);
      expect(sha256(await two.get('k', bounded(10, 4 * B - 1)))).toBe(
        sha256(data.subarray(10, 4 * B)),
      );

      await using one = await open({ cache: {} });
      await one.put('k', data);
      one.cut.set('a', B + 100);
      await expect(one.get('k')).rejects.toThrow('connection reset by the backend');
      one.cut.clear();
      expect(sha256(await one.get('k'))).toBe(sha256(data));
    });

    it('fails over to another copy when the cached backend breaks mid-read', async () => {
      await using t = await open({ cache: {}, replication: { factor: 2, mode: 'sync' } });
      const data = patternBytes(4 * B, 8);
      await t.put('k', data);
      // The first copy's blob goes missing: the read moves on to the other copy.
      const record = await t.h.layer.headObject({ bucket: 'bkt', key: 'k' });
      const first = record.record.copies[0]!;
      await t.h.disks.get(first.backend)!.delete(first.blob);
      expect(sha256(await t.get('k', bounded(10, 3 * B)))).toBe(
        sha256(data.subarray(10, 3 * B + 1)),
      );
    });
  });
}
