import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3Client, type S3Client } from '@strata/s3-client';
import { startStrata, type TestServer } from '@strata/s3-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from './progress.js';
import { createTransferEngine } from './transfer-engine.js';

// Resuming interrupted multipart uploads against a real Strata: a run stopped part-way leaves
// its upload; the next run with `resume` sends only the parts that are missing or hold other
// bytes than the file (checked by MD5), and the object is the file, byte for byte.

const MiB = 1024 * 1024;
const bucket = 'resume';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** The SHA-256 of an object as read back. */
const storedSha256 = async (s3: S3Client, key: string) =>
  sha256(Buffer.concat((await (await s3.getObject(bucket, key)).body.toArray()) as Buffer[]));

describe('uploadFile with resume against strata', () => {
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

  /** An engine (8 MiB parts, 2 in flight) recording its requests; `stopAfter` parts abort it. */
  function engineFor(
    events: RequestEvent[],
    stopAfter?: { parts: number; controller: AbortController },
  ) {
    return createTransferEngine({
      client: s3,
      concurrency: 2,
      multipartThreshold: 8 * MiB,
      onRequest: (e) => {
        events.push(e);
        const sent = events.filter((x) => x.operation === 'UploadPart').length;
        if (stopAfter !== undefined && sent >= stopAfter.parts) stopAfter.controller.abort();
      },
    });
  }
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
      engineFor(first, { parts: 2, controller }).uploadFile(path, bucket, 'big.bin', {
        partSize: 8 * MiB,
        resume: true,
        signal: controller.signal,
      }),
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
      engineFor(first, { parts: 2, controller }).uploadFile(path, bucket, 'edited.bin', {
        partSize: 8 * MiB,
        resume: true,
        signal: controller.signal,
      }),
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
      engineFor([], { parts: 1, controller }).uploadFile(path, bucket, 'plain.bin', {
        partSize: 8 * MiB,
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    expect(await uploadsOf('plain.bin')).toEqual([]);
  });
});
