import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsBackend, type ByteRange, type ObjectBackend } from '@strata/backend-pool';
import { patternBytes, readAll } from '../testing/harness.js';
import type { CachedBlob } from './cached-blob.js';
import { openReadCache, type ReadCache } from './read-cache.js';

const B = 4096;
const SIZE = 10 * B + 1234; // 11 blocks, the last one short

/** A real fs backend whose reads through the cache are recorded (ranges and streams). */
class Recorder {
  readonly ranges: ByteRange[] = [];
  readonly streams: Readable[] = [];
  delayMs = 0;
  /** When set, each backend stream fails after this many bytes. */
  failAfter: number | undefined;
  /** With `failAfter`: the stream ends there (a truncated body) rather than failing. */
  truncate = false;

  constructor(readonly backend: ObjectBackend) {}

  blob(name: string, size: number, bucket = 'b'): CachedBlob {
    return {
      backend: this.backend.name,
      blob: name,
      size,
      bucket,
      open: async (range, signal) => {
        this.ranges.push(range);
        if (this.delayMs > 0) await sleep(this.delayMs);
        const stream = await this.backend.get(name, { range, signal });
        const out =
          this.failAfter === undefined ? stream : failing(stream, this.failAfter, this.truncate);
        this.streams.push(out);
        return out;
      },
    };
  }
}

function failing(inner: Readable, after: number, truncate: boolean): Readable {
  let sent = 0;
  let broken = false;
  const out = new Readable({
    read() {
      // Fails once what came before was read, as a connection reset after those bytes would.
      if (broken) out.destroy(new Error('backend connection reset'));
      else inner.resume();
    },
    destroy(error, callback) {
      inner.destroy();
      callback(error);
    },
  });
  inner.on('data', (chunk: Buffer) => {
    if (broken) return;
    if (sent + chunk.length > after) {
      broken = true;
      inner.destroy();
      out.push(chunk.subarray(0, after - sent));
      // A reset would drop what is still buffered here; a truncated body keeps it.
      if (truncate) out.push(null);
      return;
    }
    sent += chunk.length;
    if (!out.push(chunk)) inner.pause();
  });
  inner.on('end', () => out.push(null));
  inner.on('error', (error) => out.destroy(error));
  return out;
}

/** Compares bodies without vitest's diff of two large buffers (minutes when they differ). */
function expectBytes(actual: Buffer, expected: Buffer): void {
  const at = actual.findIndex((byte, i) => byte !== expected[i]);
  expect({ length: actual.length, firstDifference: actual.equals(expected) ? -1 : at }).toEqual({
    length: expected.length,
    firstDifference: -1,
  });
}

async function readRange(cache: ReadCache, blob: CachedBlob, start: number, end: number) {
  return readAll(await cache.read(blob, { start, end }));
}

describe('read cache', () => {
  let dir: { path: string };
  let rec: Recorder;
  const data = patternBytes(SIZE, 7);
  const caches: ReadCache[] = [];
  const open = async (options: Parameters<typeof openReadCache>[0]) => {
    const cache = await openReadCache({ blockSize: B, ...options });
    caches.push(cache);
    return cache;
  };

  beforeEach(async () => {
    dir = { path: await mkdtemp(join(tmpdir(), 'strata-rc-')) };
    const backend = createFsBackend({
      name: 'slow',
      root: join(dir.path, 'backend'),
      fsync: false,
    });
    await backend.put('obj@1', Readable.from([data]));
    rec = new Recorder(backend);
  });
  afterEach(async () => {
    for (const cache of caches.splice(0)) await cache.close();
    await rm(dir.path, { recursive: true, force: true });
  });

  it('serves every range with the blob bytes, cold and warm', async () => {
    const cache = await open({ memoryBytes: 64 * B });
    const blob = rec.blob('obj@1', SIZE);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: SIZE - 1 }),
        fc.integer({ min: 0, max: SIZE - 1 }),
        async (a, b) => {
          const [start, end] = a <= b ? [a, b] : [b, a];
          expectBytes(await readRange(cache, blob, start, end), data.subarray(start, end + 1));
        },
      ),
      { numRuns: 60 },
    );
    // Warm now: every block was read once at most.
    expect(rec.ranges.reduce((n, r) => n + r.end - r.start + 1, 0)).toBeLessThanOrEqual(SIZE);
  });

  it('coalesces adjacent misses into one backend request and fetches only missing runs', async () => {
    const cache = await open({ memoryBytes: 64 * B });
    const blob = rec.blob('obj@1', SIZE);
    await readRange(cache, blob, 100, 3 * B + 5);
    expect(rec.ranges).toEqual([{ start: 0, end: 4 * B - 1 }]);
    await readRange(cache, blob, 0, 4 * B - 1);
    expect(rec.ranges).toHaveLength(1);
    await readRange(cache, blob, 5 * B, 5 * B); // block 5 alone
    rec.ranges.length = 0;
    // Blocks 0-3 and 5 are cached: 4 and 6-10 are fetched as two runs.
    expectBytes(await readRange(cache, blob, 0, SIZE - 1), data);
    expect(rec.ranges).toEqual([
      { start: 4 * B, end: 5 * B - 1 },
      { start: 6 * B, end: SIZE - 1 },
    ]);
    const stats = cache.stats().buckets.get('b');
    expect(stats).toMatchObject({ hits: 4 + 5, misses: 4 + 1 + 6 });
  });

  it('serves the Parquet footer pattern (last 8 bytes, then the footer) from a warm cache', async () => {
    const cache = await open({ memoryBytes: 64 * B });
    const blob = rec.blob('obj@1', SIZE);
    expectBytes(await readRange(cache, blob, SIZE - 8, SIZE - 1), data.subarray(SIZE - 8));
    expectBytes(
      await readRange(cache, blob, SIZE - 3000, SIZE - 9),
      data.subarray(SIZE - 3000, SIZE - 8),
    );
    const cold = rec.ranges.length;
    await readRange(cache, blob, SIZE - 8, SIZE - 1);
    await readRange(cache, blob, SIZE - 3000, SIZE - 9);
    expect(rec.ranges).toHaveLength(cold);
  });

  it('requests its own missing blocks while it waits for a block another read fetches', async () => {
    const cache = await open({ memoryBytes: 64 * B });
    const blob = rec.blob('obj@1', SIZE);
    rec.delayMs = 200;
    const first = readRange(cache, blob, 0, 2 * B - 1);
    await sleep(5);
    const second = readRange(cache, blob, B, 4 * B - 1);
    await sleep(50);
    // Well before the first read's request is answered, the second asked for blocks 2-3.
    expect(rec.ranges).toEqual([
      { start: 0, end: 2 * B - 1 },
      { start: 2 * B, end: 4 * B - 1 },
    ]);
    expectBytes(await first, data.subarray(0, 2 * B));
    expectBytes(await second, data.subarray(B, 4 * B));
  });

  it('reads ahead for a sequential reader, never for a random one', async () => {
    const cache = await open({ memoryBytes: 64 * B, readaheadBlocks: 2 });
    const blob = rec.blob('obj@1', SIZE);
    const block = async (i: number) => readRange(cache, blob, i * B, (i + 1) * B - 1);
    expectBytes(await block(0), data.subarray(0, B));
    expectBytes(await block(1), data.subarray(B, 2 * B));
    // The second read continued the first: blocks 2 and 3 are fetched behind it.
    for (let i = 0; i < 50 && cache.stats().buckets.get('b')?.readahead !== 2; i += 1)
      await sleep(5);
    expectBytes(await block(2), data.subarray(2 * B, 3 * B));
    expectBytes(await block(3), data.subarray(3 * B, 4 * B));
    expect(rec.ranges.slice(0, 3)).toEqual([
      { start: 0, end: B - 1 },
      { start: B, end: 2 * B - 1 },
      { start: 2 * B, end: 4 * B - 1 },
    ]);
    expect(cache.stats().buckets.get('b')).toMatchObject({ hits: 2, misses: 2 });

    const other = rec.blob('obj@1', SIZE, 'random');
    rec.ranges.length = 0;
    const jumpy = await open({ memoryBytes: 64 * B, readaheadBlocks: 2 });
    for (const i of [7, 2, 9, 5]) await readRange(jumpy, other, i * B, i * B + 10);
    expect(rec.ranges).toHaveLength(4);
    expect(jumpy.stats().buckets.get('random')?.readahead).toBe(0);
  });

  it('fetches a block that concurrent reads miss once (single flight)', async () => {
    const cache = await open({ memoryBytes: 64 * B });
    const blob = rec.blob('obj@1', SIZE);
    rec.delayMs = 50;
    const bodies = await Promise.all(
      Array.from({ length: 5 }, () => readRange(cache, blob, B, 3 * B - 1)),
    );
    for (const body of bodies) expectBytes(body, data.subarray(B, 3 * B));
    expect(rec.ranges).toEqual([{ start: B, end: 3 * B - 1 }]);
  });

  it('keeps the whole blocks of a backend stream cut short, and fetches the rest again', async () => {
    const cache = await open({ memoryBytes: 64 * B });
    const blob = rec.blob('obj@1', SIZE);
    rec.failAfter = 2 * B + 10;
    rec.truncate = true;
    await expect(readRange(cache, blob, 0, 5 * B - 1)).rejects.toThrow('short of a cached block');
    rec.failAfter = undefined;
    rec.ranges.length = 0;
    expectBytes(await readRange(cache, blob, 0, 5 * B - 1), data.subarray(0, 5 * B));
    // Blocks 0 and 1 arrived whole before the cut and were kept; 2 (partial) to 4 were not.
    expect(rec.ranges).toEqual([{ start: 2 * B, end: 5 * B - 1 }]);
  });

  it('a reader waiting for a failed fetch fetches the block itself', async () => {
    const cache = await open({ memoryBytes: 64 * B });
    const blob = rec.blob('obj@1', SIZE);
    rec.delayMs = 30;
    rec.failAfter = 10;
    const first = readRange(cache, blob, 0, B - 1);
    await sleep(5);
    const second = cache.read(blob, { start: 0, end: B - 1 });
    await expect(first).rejects.toThrow('backend connection reset');
    rec.failAfter = undefined;
    expectBytes(await readAll(await second), data.subarray(0, B));
  });

  it('destroying a read destroys its backend stream', async () => {
    const cache = await open({ memoryBytes: 64 * B });
    const blob = rec.blob('obj@1', SIZE);
    const body = await cache.read(blob, { start: 0, end: SIZE - 1 });
    body.destroy();
    await sleep(10);
    expect(rec.streams).toHaveLength(1);
    expect(rec.streams[0]?.destroyed).toBe(true);
  });

  it('an aborted signal destroys the read', async () => {
    const cache = await open({ memoryBytes: 64 * B });
    const controller = new AbortController();
    const body = await cache.read(
      rec.blob('obj@1', SIZE),
      { start: 0, end: SIZE - 1 },
      controller.signal,
    );
    controller.abort(new Error('client left'));
    await expect(readAll(body)).rejects.toThrow('client left');
    expect(rec.streams[0]?.destroyed).toBe(true);
  });

  it('fails the open, not the body, when the first block cannot be fetched', async () => {
    const cache = await open({ memoryBytes: 64 * B });
    await expect(cache.read(rec.blob('gone@1', SIZE), { start: 0, end: 9 })).rejects.toMatchObject({
      code: 'ENOBLOB',
    });
  });

  it('keeps the memory tier within its bound', async () => {
    const cache = await open({ memoryBytes: 3 * B });
    expectBytes(await readRange(cache, rec.blob('obj@1', SIZE), 0, SIZE - 1), data);
    const { memory } = cache.stats();
    expect(memory.usedBytes).toBeLessThanOrEqual(3 * B);
    expect(memory.evictions).toBeGreaterThan(0);
  });

  describe('disk tier', () => {
    const diskDir = () => join(dir.path, 'cache');

    async function blockFiles(): Promise<string[]> {
      const found = await readdir(diskDir(), { recursive: true, withFileTypes: true });
      return found.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    }

    it('serves blocks written by an earlier process', async () => {
      const first = await open({ memoryBytes: 0, diskDir: diskDir(), diskBytes: 1024 * B });
      await readRange(first, rec.blob('obj@1', SIZE), 0, SIZE - 1);
      await first.close();
      rec.ranges.length = 0;
      const second = await open({ memoryBytes: 0, diskDir: diskDir(), diskBytes: 1024 * B });
      expectBytes(await readRange(second, rec.blob('obj@1', SIZE), 0, SIZE - 1), data);
      expect(rec.ranges).toEqual([]);
      expect(second.stats().disk).toMatchObject({ blocks: 11, corrupt: 0 });
    });

    it('drops a corrupt or torn block and fetches it again', async () => {
      const first = await open({ memoryBytes: 0, diskDir: diskDir(), diskBytes: 1024 * B });
      await readRange(first, rec.blob('obj@1', SIZE), 0, SIZE - 1);
      await first.close();
      const files = await blockFiles();
      expect(files).toHaveLength(11);
      // One block flipped in its payload, one cut short (a torn write).
      const [one = '', two = '', three = ''] = files;
      const flipped = await readFile(one);
      flipped.writeUInt8(flipped.readUInt8(flipped.length - 1) ^ 0xff, flipped.length - 1);
      await writeFile(one, flipped);
      await writeFile(two, (await readFile(two)).subarray(0, 100));
      // A temp file of a write a crash interrupted.
      await writeFile(`${three}.tmp-9`, 'partial');
      rec.ranges.length = 0;
      const second = await open({ memoryBytes: 0, diskDir: diskDir(), diskBytes: 1024 * B });
      expectBytes(await readRange(second, rec.blob('obj@1', SIZE), 0, SIZE - 1), data);
      expect(rec.ranges).toHaveLength(2);
      expect(second.stats().disk?.corrupt).toBe(2);
      await second.close();
      expect((await blockFiles()).filter((f) => f.includes('.tmp-'))).toEqual([]);
    });

    it('stays within its byte bound', async () => {
      const bound = 5 * (B + 64);
      const cache = await open({ memoryBytes: 0, diskDir: diskDir(), diskBytes: bound });
      expectBytes(await readRange(cache, rec.blob('obj@1', SIZE), 0, SIZE - 1), data);
      await cache.close();
      const sizes = await Promise.all((await blockFiles()).map(async (f) => (await stat(f)).size));
      expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(bound);
      expect(cache.stats().disk?.evictions).toBeGreaterThan(0);
    });
  });
});
