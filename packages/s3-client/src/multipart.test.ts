import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client, type S3Client } from './s3-client.js';
import { isS3ClientError } from './s3-client-error.js';
import { startStrata, type TestServer } from './testing/start-strata.js';

const MiB = 1024 * 1024;
const bucket = 'multipart';

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A stream that yields `parts` chunks of `size` bytes, then fails. */
function failingStream(size: number, parts: number, error: Error): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent++ < parts) this.push(randomBytes(size));
      else this.destroy(error);
    },
  });
}

describe('multipart against strata', () => {
  let server: TestServer;
  let s3: S3Client;

  beforeAll(async () => {
    server = await startStrata();
    s3 = createS3Client({ endpoint: server.endpoint, credentials: server.credentials });
    await s3.createBucket(bucket);
  });
  afterAll(async () => {
    await s3?.close();
    await server?.close();
  });

  it('uploads, copies and lists parts, then completes them into one object', async () => {
    const source = randomBytes(6 * MiB);
    await s3.putObject(bucket, 'source', source);
    const { uploadId } = await s3.createMultipartUpload(bucket, 'assembled', {
      contentType: 'application/x-parts',
    });
    const part1 = randomBytes(5 * MiB);
    const p1 = await s3.uploadPart(bucket, 'assembled', uploadId, 1, part1);
    const p2 = await s3.uploadPartCopy(
      bucket,
      'assembled',
      uploadId,
      2,
      { bucket, key: 'source' },
      {
        range: { start: MiB, end: 6 * MiB - 1 },
      },
    );
    const p3 = await s3.uploadPart(
      bucket,
      'assembled',
      uploadId,
      3,
      Readable.from([Buffer.from('end')]),
      {
        contentLength: 3,
      },
    );
    const listed = await s3.listParts(bucket, 'assembled', uploadId);
    expect(listed.parts.map((p) => [p.partNumber, p.size, p.etag])).toEqual([
      [1, 5 * MiB, p1.etag],
      [2, 5 * MiB, p2.etag],
      [3, 3, p3.etag],
    ]);
    const done = await s3.completeMultipartUpload(bucket, 'assembled', uploadId, [
      { partNumber: 3, etag: p3.etag },
      { partNumber: 1, etag: p1.etag },
      { partNumber: 2, etag: p2.etag ?? '' },
    ]);
    expect(done.etag).toMatch(/-3$/);
    const got = await s3.getObject(bucket, 'assembled');
    expect(got.contentType).toBe('application/x-parts');
    const expected = Buffer.concat([part1, source.subarray(MiB), Buffer.from('end')]);
    expect((await readAll(got.body)).equals(expected)).toBe(true);
  });

  it('aborts an upload: its parts are gone and it is no longer listed', async () => {
    const { uploadId } = await s3.createMultipartUpload(bucket, 'aborted');
    await s3.uploadPart(bucket, 'aborted', uploadId, 1, randomBytes(1024));
    const open = await s3.listMultipartUploads(bucket, { prefix: 'aborted' });
    expect(open.uploads.map((u) => u.uploadId)).toEqual([uploadId]);
    await s3.abortMultipartUpload(bucket, 'aborted', uploadId);
    const err = await s3.listParts(bucket, 'aborted', uploadId).catch((e: unknown) => e);
    expect(isS3ClientError(err, 'NoSuchUpload')).toBe(true);
    expect((await s3.listMultipartUploads(bucket, { prefix: 'aborted' })).uploads).toEqual([]);
  });

  it('abort guard: a body stream that fails mid-upload leaves no upload behind', async () => {
    const boom = new Error('disk read failed');
    const body = failingStream(MiB, 12, boom);
    const err = await s3
      .upload(bucket, 'guarded/stream', body, { partSize: 5 * MiB, concurrency: 2 })
      .catch((e: unknown) => e);
    expect(err).toBe(boom);
    expect((await s3.listMultipartUploads(bucket, { prefix: 'guarded/' })).uploads).toEqual([]);
    const head = await s3.headObject(bucket, 'guarded/stream').catch((e: unknown) => e);
    expect(head).toMatchObject({ status: 404 });
  });

  it('abort guard: cancelling the signal mid-upload aborts it upstream', async () => {
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < 40; i++) yield randomBytes(MiB);
      })(),
    );
    let stored = 0;
    const err = await s3
      .upload(bucket, 'guarded/signal', body, {
        partSize: 5 * MiB,
        concurrency: 2,
        signal: controller.signal,
        onProgress: (bytes) => {
          stored += bytes;
          if (stored >= 10 * MiB) controller.abort(reason);
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBe(reason);
    expect(body.destroyed).toBe(true);
    expect((await s3.listMultipartUploads(bucket, { prefix: 'guarded/' })).uploads).toEqual([]);
  });

  it('refuses a zero concurrency instead of uploading nothing', async () => {
    await expect(s3.upload(bucket, 'zero', Buffer.alloc(10), { concurrency: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});
