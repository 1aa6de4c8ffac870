import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3Client, type S3Client } from '@strata/s3-client';
import { startStrata, type TestServer } from '@strata/s3-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent, TransferOperation } from './progress.js';
import { createTransferEngine } from './transfer-engine.js';

// Resuming interrupted transfers against a real Strata. Uploads: a run stopped part-way leaves
// its multipart upload; the next run with `resume` sends only the parts that are missing or hold
// other bytes than the file (checked by MD5). Downloads: a run stopped part-way leaves its
// temporary file and journal; the next one fetches only the missing ranges, an object replaced
// in between starts over, and a sync never takes the state files for data. Either way the
// result is the source, byte for byte.

const MiB = 1024 * 1024;
const bucket = 'resume';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** The SHA-256 of an object as read back. */
const storedSha256 = async (s3: S3Client, key: string) =>
  sha256(Buffer.concat((await (await s3.getObject(bucket, key)).body.toArray()) as Buffer[]));

let server: TestServer;
let s3: S3Client;
let dir: string;
beforeAll(async () => {
  server = await startStrata();
  s3 = createS3Client({ endpoint: server.endpoint, credentials: server.credentials });
  await s3.createBucket(bucket);
  dir = await mkdtemp(join(tmpdir(), 'transfer-resume-'));
});
afterAll(async () => {
  await s3?.close();
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/**
 * An engine (8 MiB multipart threshold, 2 requests in flight) recording its requests in
 * `events`; with `stopAfter`, it aborts once that many requests of that operation finished.
 */
function engineFor(
  events: RequestEvent[],
  stopAfter?: { operation: TransferOperation; count: number; controller: AbortController },
) {
  return createTransferEngine({
    client: s3,
    concurrency: 2,
    multipartThreshold: 8 * MiB,
    onRequest: (e) => {
      events.push(e);
      if (stopAfter === undefined) return;
      const done = events.filter((x) => x.operation === stopAfter.operation).length;
      if (done >= stopAfter.count) stopAfter.controller.abort();
    },
  });
}

describe('uploadFile with resume', () => {
  const count = (events: RequestEvent[], operation: string) =>
    events.filter((e) => e.operation === operation).length;
  const uploadsOf = async (key: string) =>
    (await s3.listMultipartUploads(bucket, { prefix: key })).uploads.filter((u) => u.key === key);

  it('sends only the parts an interrupted run did not, and completes the same object', async () => {
    const data = randomBytes(40 * MiB);
    const path = join(dir, 'big.bin');
    await writeFile(path, data);
    const controller = new AbortController();
    const first: RequestEvent[] = [];
    await expect(
      engineFor(first, { operation: 'UploadPart', count: 2, controller }).uploadFile(
        path,
        bucket,
        'big.bin',
        {
          partSize: 8 * MiB,
          resume: true,
          signal: controller.signal,
        },
      ),
    ).rejects.toThrow();
    const sentBefore = count(first, 'UploadPart');
    expect(sentBefore).toBeGreaterThanOrEqual(2);
    expect(sentBefore).toBeLessThan(5);
    // Left in place for the next run.
    expect(await uploadsOf('big.bin')).toHaveLength(1);

    const second: RequestEvent[] = [];
    const progress: number[] = [];
    const result = await engineFor(second).uploadFile(path, bucket, 'big.bin', {
      partSize: 8 * MiB,
      resume: true,
      onProgress: (p) => progress.push(p.bytesDone),
    });
    expect(result).toMatchObject({ size: 40 * MiB, parts: 5 });
    expect(count(second, 'CreateMultipartUpload')).toBe(0);
    expect(count(second, 'ListParts')).toBe(1);
    // Every part the first run finished is kept (the server may also hold one it was cut off in).
    expect(count(second, 'UploadPart')).toBeLessThanOrEqual(5 - sentBefore);
    expect(progress.at(-1)).toBe(40 * MiB);
    expect(await storedSha256(s3, 'big.bin')).toBe(sha256(data));
    expect(await uploadsOf('big.bin')).toEqual([]);
  });

  it('sends again a kept part whose bytes the file no longer has', async () => {
    const data = randomBytes(24 * MiB);
    const path = join(dir, 'edited.bin');
    await writeFile(path, data);
    const controller = new AbortController();
    const first: RequestEvent[] = [];
    await expect(
      engineFor(first, { operation: 'UploadPart', count: 2, controller }).uploadFile(
        path,
        bucket,
        'edited.bin',
        {
          partSize: 8 * MiB,
          resume: true,
          signal: controller.signal,
        },
      ),
    ).rejects.toThrow();
    // Same size, other bytes in every part: nothing may be kept.
    const edited = randomBytes(24 * MiB);
    await writeFile(path, edited);
    const second: RequestEvent[] = [];
    await engineFor(second).uploadFile(path, bucket, 'edited.bin', {
      partSize: 8 * MiB,
      resume: true,
    });
    expect(count(second, 'UploadPart')).toBe(3);
    expect(await storedSha256(s3, 'edited.bin')).toBe(sha256(await readFile(path)));
  });

  it('without resume, an interrupted upload is aborted', async () => {
    const path = join(dir, 'plain.bin');
    await writeFile(path, randomBytes(24 * MiB));
    const controller = new AbortController();
    await expect(
      engineFor([], { operation: 'UploadPart', count: 1, controller }).uploadFile(
        path,
        bucket,
        'plain.bin',
        {
          partSize: 8 * MiB,
          signal: controller.signal,
        },
      ),
    ).rejects.toThrow();
    expect(await uploadsOf('plain.bin')).toEqual([]);
  });
});

describe('downloadFile with resume', () => {
  const gets = (events: RequestEvent[]) => events.filter((e) => e.operation === 'GetObject').length;
  const interrupted = async (key: string, path: string) => {
    const controller = new AbortController();
    const events: RequestEvent[] = [];
    await expect(
      engineFor(events, { operation: 'GetObject', count: 1, controller }).downloadFile(
        bucket,
        key,
        path,
        {
          partSize: 8 * MiB,
          resume: true,
          signal: controller.signal,
        },
      ),
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
