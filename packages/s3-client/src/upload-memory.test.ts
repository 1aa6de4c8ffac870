import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ClientContext } from './internal/client-context.js';
import { createRequestSigner } from './internal/sign-request.js';
import { upload } from './operations/upload.js';
import { createS3Client, type S3Client } from './s3-client.js';
import { resolveS3ClientConfig } from './s3-client-config.js';
import { isS3PartLimitError } from './s3-part-limit-error.js';
import { startStrata, type TestServer } from './testing/start-strata.js';
import { TcpProxy } from './testing/tcp-proxy.js';

const MiB = 1024 * 1024;
const bucket = 'memory';

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `data` as a stream of uneven chunks (no length given), so parts straddle chunks. */
function chunked(data: Buffer, chunk = 700_001): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += chunk) yield data.subarray(at, at + chunk);
    })(),
  );
}

describe('upload within maxTransferMemory (against strata)', () => {
  let server: TestServer;
  let s3: S3Client;
  let small: S3Client;

  beforeAll(async () => {
    server = await startStrata();
    s3 = createS3Client({ endpoint: server.endpoint, credentials: server.credentials });
    small = createS3Client({
      endpoint: server.endpoint,
      credentials: server.credentials,
      maxTransferMemory: 16 * MiB,
    });
    await s3.createBucket(bucket);
  });
  afterAll(async () => {
    await small?.close();
    await s3?.close();
    await server?.close();
  });

  const stored = async (key: string) => readAll((await s3.getObject(bucket, key)).body);

  it('uploads an unknown-size body of many parts byte-exact through 3 reused buffers', async () => {
    const data = randomBytes(38 * MiB + 12_345);
    const result = await small.upload(bucket, 'unknown', chunked(data), { partSize: 5 * MiB });
    expect(result.parts).toBe(8);
    // 16 MiB hold three 5 MiB buffers: two parts sent while the next is read into the third.
    expect(result.stats).toEqual({
      partSize: 5 * MiB,
      buffers: 3,
      bufferBytes: 15 * MiB,
      peakInFlight: 2,
      streamed: false,
    });
    expect((await stored('unknown')).equals(data)).toBe(true);
  });

  it('sizes parts from the budget when no partSize is given, and keeps within it', async () => {
    const data = randomBytes(20 * MiB + 1);
    const result = await small.upload(bucket, 'auto', chunked(data), { concurrency: 2 });
    // 16 MiB / (2 + 1) = 5 MiB parts (whole MiB, at least S3's 5 MiB).
    expect(result.stats).toMatchObject({ partSize: 5 * MiB, buffers: 3, peakInFlight: 2 });
    expect(result.stats.bufferBytes).toBeLessThanOrEqual(16 * MiB);
    expect((await stored('auto')).equals(data)).toBe(true);
  });

  it('a small unknown-size body is one PutObject from one buffer', async () => {
    const result = await small.upload(bucket, 'tiny', chunked(Buffer.from('tiny')));
    expect(result.parts).toBe(0);
    expect(result.stats).toMatchObject({ buffers: 1, peakInFlight: 1 });
    expect((await stored('tiny')).toString()).toBe('tiny');
  });

  it('streams parts larger than the budget with their length, one at a time', async () => {
    await using tight = createS3Client({
      endpoint: server.endpoint,
      credentials: server.credentials,
      maxTransferMemory: 5 * MiB,
    });
    const data = randomBytes(13 * MiB);
    const result = await tight.upload(bucket, 'streamed', chunked(data), {
      contentLength: data.length,
      partSize: 6 * MiB,
    });
    expect(result.parts).toBe(3);
    expect(result.stats).toEqual({
      partSize: 6 * MiB,
      buffers: 0,
      bufferBytes: 0,
      peakInFlight: 1,
      streamed: true,
    });
    expect((await stored('streamed')).equals(data)).toBe(true);
  });

  it('holds a stream to its contentLength: longer or shorter stores nothing', async () => {
    const data = randomBytes(11 * MiB);
    for (const [key, declared] of [
      ['length/longer', data.length - 1],
      ['length/shorter', data.length + 1],
    ] as const) {
      const body = chunked(data);
      const err = await small
        .upload(bucket, key, body, { contentLength: declared, partSize: 5 * MiB })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RangeError);
      expect(body.destroyed).toBe(true);
      expect((await s3.headObject(bucket, key).catch((e: unknown) => e)) as object).toMatchObject({
        status: 404,
      });
    }
    expect((await s3.listMultipartUploads(bucket, { prefix: 'length/' })).uploads).toEqual([]);
  });

  it('fails with S3PartLimitError before sending a part past the limit, naming the setting', async () => {
    // The real limit is 10 000 parts (50 GB of 5 MiB parts); the check is the same at 2.
    const proxy = new TcpProxy(server.endpoint);
    const config = resolveS3ClientConfig({
      endpoint: await proxy.listen(),
      credentials: server.credentials,
      maxTransferMemory: 16 * MiB,
    });
    const agent = new Agent();
    onTestFinished(async () => {
      await agent.close();
      await proxy.close();
    });
    const ctx: ClientContext = {
      config,
      agent,
      sign: createRequestSigner(config.region, config.credentials),
    };
    // The byte past two parts comes only once both are stored: the limit is met mid-upload.
    let partsStored = 0;
    let releaseLastByte = (): void => undefined;
    const gate = new Promise<void>((resolve) => (releaseLastByte = resolve));
    const onProgress = (): void => {
      if (++partsStored === 2) releaseLastByte();
    };
    const body = Readable.from(
      (async function* () {
        yield* chunked(randomBytes(10 * MiB));
        await gate;
        yield Buffer.from('!');
      })(),
    );
    const err = await upload(ctx, bucket, 'limit', body, { onProgress }, 2).catch(
      (e: unknown) => e,
    );
    expect(isS3PartLimitError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'EPART_LIMIT', partSize: 5 * MiB, maxParts: 2 });
    expect((err as Error).message).toMatch(/raise the client maxTransferMemory/);
    expect(partsStored).toBe(2);
    expect(proxy.requests.some((r) => r.path.includes('partNumber=3&'))).toBe(false);
    expect(proxy.requests.some((r) => r.method === 'DELETE' && r.path.includes('uploadId='))).toBe(
      true,
    );
    expect(body.destroyed).toBe(true);
    expect((await s3.listMultipartUploads(bucket, { prefix: 'limit' })).uploads).toEqual([]);

    const given = chunked(randomBytes(10 * MiB + 1));
    const named = await upload(ctx, bucket, 'limit', given, { partSize: 5 * MiB }, 2).catch(
      (e: unknown) => e,
    );
    expect(named).toMatchObject({ code: 'EPART_LIMIT', setting: 'partSize' });
    expect((named as Error).message).toMatch(/raise partSize/);
  });
});
