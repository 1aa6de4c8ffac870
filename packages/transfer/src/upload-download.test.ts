import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, utimesSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3Client, isS3ClientError, type S3Client } from '@strata/s3-client';
import { startStrata, type TestServer } from '@strata/s3-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from './progress.js';
import { createTransferEngine, type TransferEngine } from './transfer-engine.js';
import { isTransferError } from './transfer-error.js';

const MiB = 1024 * 1024;
const bucket = 'transfer';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('uploadFile and downloadFile against strata', () => {
  let server: TestServer;
  let s3: S3Client;
  let dir: string;
  let events: RequestEvent[];
  let engine: TransferEngine;

  beforeAll(async () => {
    server = await startStrata();
    s3 = createS3Client({ endpoint: server.endpoint, credentials: server.credentials });
    await s3.createBucket(bucket);
    dir = await mkdtemp(join(tmpdir(), 'transfer-test-'));
    events = [];
    engine = createTransferEngine({
      client: s3,
      concurrency: 4,
      multipartThreshold: 8 * MiB,
      onRequest: (e) => events.push(e),
    });
  });
  afterAll(async () => {
    await s3?.close();
    await server?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  async function roundTrip(size: number, key: string) {
    const data = randomBytes(size);
    const source = join(dir, `up-${size}`);
    const target = join(dir, 'down', `${size}.bin`);
    await writeFile(source, data);
    events.length = 0;
    const progress: number[] = [];
    const up = await engine.uploadFile(source, bucket, key, {
      onProgress: (p) => progress.push(p.bytesDone),
    });
    const upEvents = events.splice(0);
    const down = await engine.downloadFile(bucket, key, target, { partSize: 8 * MiB });
    const downEvents = events.splice(0);
    const copy = await readFile(target);
    expect(copy.length).toBe(size);
    expect(sha256(copy)).toBe(sha256(data));
    return { up, down, upEvents, downEvents, progress };
  }

  it('round-trips a 0-byte file with one PutObject', async () => {
    const { up, down } = await roundTrip(0, 'empty');
    expect(up.parts).toBe(0);
    expect(down).toMatchObject({ size: 0, parts: 0 });
  });

  it('round-trips a small file with one PUT and one GET, checking the MD5 ETag', async () => {
    const { up, down, upEvents, downEvents, progress } = await roundTrip(300_001, 'small.bin');
    expect(up.parts).toBe(0);
    expect(upEvents.map((e) => e.operation)).toEqual(['PutObject']);
    expect(upEvents[0]).toMatchObject({ bytes: 300_001, attempt: 1 });
    expect(downEvents.map((e) => e.operation)).toEqual(['HeadObject', 'GetObject']);
    expect(down.etagVerified).toBe(true);
    expect(progress.at(-1)).toBe(300_001);
  });

  it('round-trips a multipart file in 8 MiB parts and ranges', async () => {
    const size = 20 * MiB + 12_345;
    const { up, down, upEvents, downEvents, progress } = await roundTrip(size, 'multi.bin');
    expect(up.parts).toBe(3);
    expect(upEvents.filter((e) => e.operation === 'UploadPart').map((e) => e.bytes)).toEqual(
      expect.arrayContaining([8 * MiB, 8 * MiB, 4 * MiB + 12_345]),
    );
    expect(down.parts).toBe(3);
    expect(downEvents.filter((e) => e.operation === 'GetObject')).toHaveLength(3);
    expect(progress.at(-1)).toBe(size);
    const head = await s3.headObject(bucket, 'multi.bin');
    expect(head.contentLength).toBe(size);
  });

  it('keeps keys with unicode and spaces exact, both ways', async () => {
    const key = 'dir with space/naïve 文件 ✓ + %20.bin';
    await roundTrip(1234, key);
    const listed = [];
    for await (const o of engine.list(bucket, 'dir with space/')) listed.push(o.key);
    expect(listed).toEqual([key]);
  });

  it('aborts a multipart upload whose file grows meanwhile: no object, no upload left', async () => {
    const source = join(dir, 'growing');
    await writeFile(source, randomBytes(24 * MiB));
    let touched = false;
    const growing = createTransferEngine({
      client: s3,
      concurrency: 1,
      multipartThreshold: 8 * MiB,
      onRequest: (e) => {
        if (e.operation === 'UploadPart' && !touched) {
          touched = true;
          appendFileSync(source, 'more');
        }
      },
    });
    const err = await growing.uploadFile(source, bucket, 'growing').catch((e: unknown) => e);
    expect(isTransferError(err, 'ESOURCE_CHANGED')).toBe(true);
    const head = await s3.headObject(bucket, 'growing').catch((e: unknown) => e);
    expect(isS3ClientError(head) && head.status === 404).toBe(true);
    const uploads = await s3.listMultipartUploads(bucket, { prefix: 'growing' });
    expect(uploads.uploads).toEqual([]);
  });

  it('notices a same-size rewrite by its mtime, and takes a single PUT back out', async () => {
    const source = join(dir, 'rewritten');
    await writeFile(source, randomBytes(1000));
    const s = await stat(source);
    const sly = createTransferEngine({
      client: s3,
      onRequest: () => utimesSync(source, s.atime, new Date(s.mtimeMs + 5_000)),
    });
    const err = await sly.uploadFile(source, bucket, 'rewritten').catch((e: unknown) => e);
    expect(isTransferError(err, 'ESOURCE_CHANGED')).toBe(true);
    const head = await s3.headObject(bucket, 'rewritten').catch((e: unknown) => e);
    expect(isS3ClientError(head) && head.status === 404).toBe(true);
  });

  it('leaves no file and no temp file when the download fails', async () => {
    const target = join(dir, 'missing', 'nothing.bin');
    const err = await engine.downloadFile(bucket, 'no-such-key', target).catch((e: unknown) => e);
    expect(isS3ClientError(err) && err.status === 404).toBe(true);
    const left = await readdir(join(dir, 'missing')).catch(() => []);
    expect(left).toEqual([]);
  });

  it('aborts the multipart upload when the caller aborts: no object, no upload left', async () => {
    const source = join(dir, 'cancelled');
    await writeFile(source, randomBytes(24 * MiB));
    const controller = new AbortController();
    const cancelling = createTransferEngine({
      client: s3,
      concurrency: 1,
      multipartThreshold: 8 * MiB,
      onRequest: (e) => {
        if (e.operation === 'UploadPart') controller.abort(new Error('stop'));
      },
    });
    const err = await cancelling
      .uploadFile(source, bucket, 'cancelled', { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'stop' });
    const head = await s3.headObject(bucket, 'cancelled').catch((e: unknown) => e);
    expect(isS3ClientError(head) && head.status === 404).toBe(true);
    const uploads = await s3.listMultipartUploads(bucket, { prefix: 'cancelled' });
    expect(uploads.uploads).toEqual([]);
  });
});
