import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3Client, type S3Client } from '@strata/s3-client';
import { startStrata, type TestServer } from '@strata/s3-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from './progress.js';
import { createTransferEngine } from './transfer-engine.js';

// Resuming interrupted downloads against a real Strata: a run stopped part-way leaves its
// temporary file and journal; the next run with `resume` fetches only the missing ranges and
// the file is the object, byte for byte; an object replaced in between starts over; the state
// files are never taken for data by a sync.

const MiB = 1024 * 1024;
const bucket = 'resume-down';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('downloadFile with resume against strata', () => {
  let server: TestServer;
  let s3: S3Client;
  let dir: string;

  beforeAll(async () => {
    server = await startStrata();
    s3 = createS3Client({ endpoint: server.endpoint, credentials: server.credentials });
    await s3.createBucket(bucket);
    dir = await mkdtemp(join(tmpdir(), 'transfer-resume-down-'));
  });
  afterAll(async () => {
    await s3?.close();
    await server?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  /** An engine (2 ranges in flight) recording its requests; it aborts after `stopAfter` GETs. */
  function engineFor(
    events: RequestEvent[],
    stopAfter?: { gets: number; controller: AbortController },
  ) {
    return createTransferEngine({
      client: s3,
      concurrency: 2,
      onRequest: (e) => {
        events.push(e);
        const got = events.filter((x) => x.operation === 'GetObject').length;
        if (stopAfter !== undefined && got >= stopAfter.gets) stopAfter.controller.abort();
      },
    });
  }
  const gets = (events: RequestEvent[]) => events.filter((e) => e.operation === 'GetObject').length;
  const interrupted = async (key: string, path: string) => {
    const controller = new AbortController();
    const events: RequestEvent[] = [];
    await expect(
      engineFor(events, { gets: 1, controller }).downloadFile(bucket, key, path, {
        partSize: 8 * MiB,
        resume: true,
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    return gets(events);
  };

  it('fetches only the ranges an interrupted run did not, and leaves no state behind', async () => {
    const data = randomBytes(32 * MiB);
    await s3.putObject(bucket, 'big.bin', data);
    const target = join(dir, 'one', 'big.bin');
    const before = await interrupted('big.bin', target);
    expect(before).toBeGreaterThanOrEqual(1);
    expect((await readdir(join(dir, 'one'))).sort()).toEqual([
      '.big.bin.strata-resume.json',
      '.big.bin.strata-resume.part',
    ]);
    const events: RequestEvent[] = [];
    const progress: number[] = [];
    const result = await engineFor(events).downloadFile(bucket, 'big.bin', target, {
      partSize: 8 * MiB,
      resume: true,
      onProgress: (p) => progress.push(p.bytesDone),
    });
    expect(result.size).toBe(32 * MiB);
    expect(gets(events)).toBeLessThanOrEqual(4 - before);
    expect(progress.at(-1)).toBe(32 * MiB);
    expect(sha256(await readFile(target))).toBe(sha256(data));
    expect(await readdir(join(dir, 'one'))).toEqual(['big.bin']);
  });

  it('starts over when the object was replaced in between', async () => {
    await s3.putObject(bucket, 'changing.bin', randomBytes(24 * MiB));
    const target = join(dir, 'two', 'changing.bin');
    await interrupted('changing.bin', target);
    const replaced = randomBytes(24 * MiB);
    await s3.putObject(bucket, 'changing.bin', replaced);
    const events: RequestEvent[] = [];
    await engineFor(events).downloadFile(bucket, 'changing.bin', target, {
      partSize: 8 * MiB,
      resume: true,
    });
    expect(gets(events)).toBe(3);
    expect(sha256(await readFile(target))).toBe(sha256(replaced));
  });

  it("a sync neither uploads nor deletes a resumable download's state files", async () => {
    await s3.putObject(bucket, 'state/big.bin', randomBytes(16 * MiB));
    const root = join(dir, 'three');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'kept.txt'), 'kept');
    await interrupted('state/big.bin', join(root, 'big.bin'));
    const engine = engineFor([]);
    const up = await engine.syncToS3(root, bucket, 'mirror/');
    expect(up.transferred).toBe(1);
    const listed = await s3.listObjectsV2(bucket, { prefix: 'mirror/' });
    expect(listed.contents.map((c) => c.key)).toEqual(['mirror/kept.txt']);
    await engine.syncFromS3(bucket, 'mirror/', root, { delete: true });
    expect((await readdir(root)).sort()).toEqual([
      '.big.bin.strata-resume.json',
      '.big.bin.strata-resume.part',
      'kept.txt',
    ]);
  });
});
