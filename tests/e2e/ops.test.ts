/**
 * Operational behaviour of the real binary: health probes, rejected writes that leave nothing
 * behind, `Expect: 100-continue` and chunked uploads from plain HTTP clients.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobsDir, listFiles, tmpDir, waitFor } from './support/data-dir.js';
import { catchS3Error, createTestS3Client, uniqueBucketName } from './support/s3-client.js';
import { startSlowPut } from './support/slow-put.js';
import { FAST_WORKERS_YAML, writeStrataConfig } from './support/strata-config.js';
import { startStrata, type StrataProcess } from './support/strata-process.js';
import { MiB, md5, md5Base64, seededBytes, sha256 } from './support/test-data.js';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  getSignedUrl,
} from './support/aws-sdk.js';

/** One gateway (fast workers) per describe block, and an SDK client that adds no checksums. */
function useGateway() {
  const ctx = {} as { root: string; strata: StrataProcess; client: S3Client };
  beforeAll(async () => {
    ctx.root = await mkdtemp(join(tmpdir(), 'strata-e2e-ops-'));
    const config = await writeStrataConfig(ctx.root, FAST_WORKERS_YAML);
    ctx.strata = await startStrata({ args: ['--config', config] });
    ctx.client = createTestS3Client({ endpoint: ctx.strata.url, checksums: 'WHEN_REQUIRED' });
  });
  afterAll(async () => {
    ctx.client?.destroy();
    await ctx.strata?.[Symbol.asyncDispose]();
    await rm(ctx.root, { recursive: true, force: true });
  });
  const newBucket = async () => {
    const bucket = uniqueBucketName('ops');
    await ctx.client.send(new CreateBucketCommand({ Bucket: bucket }));
    return bucket;
  };
  return { ctx, newBucket };
}

describe('health probes', () => {
  const { ctx } = useGateway();

  it.each(['/health', '/ready'])(
    '%s answers 200 with a JSON body, no credentials needed',
    async (path) => {
      const res = await request(`${ctx.strata.url}${path}`);
      const body = await res.body.text();
      expect(res.statusCode, body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(body)).toBeTypeOf('object');
    },
  );
});

describe('rejected writes leave nothing behind', () => {
  const { ctx, newBucket } = useGateway();

  /** No blob and no temp file remains (cleanup may be queued: workers run every second). */
  const expectNothingOnDisk = async () => {
    const leftovers = async () => [
      ...(await listFiles(blobsDir(ctx.strata.dataDir))),
      ...(await listFiles(tmpDir(ctx.strata.dataDir))),
    ];
    await waitFor(async () => (await leftovers()).length === 0, 10_000);
    expect(await leftovers()).toEqual([]);
  };

  it('bad Content-MD5 → 400 BadDigest, malformed → 400 InvalidDigest, wrong CRC32 → 400 BadDigest', async () => {
    const { client } = ctx;
    const bucket = await newBucket();
    const big = seededBytes('digest-big', 2 * MiB);
    const cases = [
      {
        key: 'bad-md5',
        body: 'hello world',
        header: { ContentMD5: md5Base64('something else') },
        code: 'BadDigest',
      },
      {
        key: 'bad-md5-big',
        body: big,
        header: { ContentMD5: md5Base64(big.subarray(1)) },
        code: 'BadDigest',
      },
      {
        key: 'invalid-md5',
        body: 'hello world',
        header: { ContentMD5: 'not-a-digest' },
        code: 'InvalidDigest',
      },
      // AAAAAA== is the CRC32 of nothing.
      {
        key: 'bad-crc32',
        body: 'hello world',
        header: { ChecksumCRC32: 'AAAAAA==' },
        code: 'BadDigest',
      },
    ] as const;
    for (const { key, body, header, code } of cases) {
      const error = await catchS3Error(
        client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...header })),
      );
      expect(error, key).toMatchObject({ name: code, status: 400 });
      const head = await catchS3Error(
        client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
      );
      expect(head.status, key).toBe(404);
    }
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.KeyCount).toBe(0);
    await expectNothingOnDisk();
  });

  it('a client that disconnects mid-body stores nothing', async () => {
    const { client } = ctx;
    const bucket = await newBucket();
    const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: 'cut' }), {
      expiresIn: 300,
    });
    const put = startSlowPut(url, {
      size: 8 * MiB,
      seed: 'cut',
      chunkSize: 128 * 1024,
      delayMs: 10,
    });
    expect(await waitFor(() => put.sent() >= 2 * MiB, 10_000)).toBe(true);
    put.abort();
    await expect(put.response).rejects.toThrow();
    await expectNothingOnDisk();
    const head = await catchS3Error(
      client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cut' })),
    );
    expect(head.status).toBe(404);
  });
});

describe('plain HTTP upload styles', () => {
  const { ctx, newBucket } = useGateway();

  it('Expect: 100-continue PUT gets 100 Continue, then stores the body', async () => {
    const bucket = await newBucket();
    const data = seededBytes('continue', 300_000);
    const url = await getSignedUrl(
      ctx.client,
      new PutObjectCommand({ Bucket: bucket, Key: 'continued' }),
      {
        expiresIn: 300,
      },
    );
    const req = httpRequest(url, {
      method: 'PUT',
      headers: { 'content-length': String(data.length), expect: '100-continue' },
    });
    let continued = false;
    req.once('continue', () => {
      continued = true;
      req.end(data);
    });
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    res.resume();
    await once(res, 'end');
    expect(continued).toBe(true);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(`"${md5(data)}"`);
    const got = await ctx.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'continued' }));
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(data));
  });

  it('a chunked PUT without Content-Length stores exactly the bytes sent', async () => {
    // Strata accepts Transfer-Encoding: chunked on PUT (AWS itself requires Content-Length).
    const bucket = await newBucket();
    const size = 3 * MiB + 5;
    const url = await getSignedUrl(
      ctx.client,
      new PutObjectCommand({ Bucket: bucket, Key: 'chunked' }),
      {
        expiresIn: 300,
      },
    );
    const put = startSlowPut(url, { size, seed: 'chunked', chunkSize: 64 * 1024, chunked: true });
    const res = await put.response;
    expect(res.status, res.body).toBe(200);
    const data = seededBytes('chunked', size);
    expect(res.headers.etag).toBe(`"${md5(data)}"`);
    const got = await ctx.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'chunked' }));
    expect(got.ContentLength).toBe(size);
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(data));
  });
});
