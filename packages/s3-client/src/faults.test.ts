import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client, type S3Client } from './s3-client.js';
import type { S3ClientConfig } from './s3-client-config.js';
import { isS3TransportError } from './s3-transport-error.js';
import { TcpProxy } from './testing/tcp-proxy.js';
import { startStrata, type TestServer } from './testing/start-strata.js';

const MiB = 1024 * 1024;
const bucket = 'faults';

describe('faults between the client and strata (loopback proxy)', () => {
  let server: TestServer;
  let direct: S3Client;
  let proxy: TcpProxy;
  let s3: S3Client | undefined;

  async function proxied(config: Partial<S3ClientConfig> = {}): Promise<S3Client> {
    proxy = new TcpProxy(server.endpoint);
    const endpoint = await proxy.listen();
    s3 = createS3Client({
      endpoint,
      credentials: server.credentials,
      retry: { maxAttempts: 3, baseMs: 10, capMs: 50 },
      ...config,
    });
    return s3;
  }

  beforeAll(async () => {
    server = await startStrata();
    direct = createS3Client({ endpoint: server.endpoint, credentials: server.credentials });
    await direct.createBucket(bucket);
  });
  afterEach(async () => {
    await s3?.close();
    await proxy?.close();
    s3 = undefined;
  });
  afterAll(async () => {
    await direct?.close();
    await server?.close();
  });

  it('re-signs every retry: a later clock gives a new signature the server accepts', async () => {
    let clock = Date.now();
    const client = await proxied({ now: () => new Date((clock += 7_000)) });
    proxy.policy = (n) => (n === 0 ? { kind: 'reset-after', bytes: 0 } : { kind: 'pass' });
    const data = randomBytes(4096);
    await client.putObject(bucket, 'resigned', data);
    const puts = proxy.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect(puts[0]!.headers['x-amz-date']).not.toBe(puts[1]!.headers['x-amz-date']);
    expect(puts[0]!.headers.authorization).not.toBe(puts[1]!.headers.authorization);
    const head = await direct.headObject(bucket, 'resigned');
    expect(head.contentLength).toBe(4096);
  });

  it('never retries a streamed body after bytes of it were sent', async () => {
    const client = await proxied();
    proxy.policy = () => ({ kind: 'reset-after', bytes: 0 });
    const body = Readable.from([randomBytes(64 * 1024)]);
    const err = await client
      .putObject(bucket, 'once', body, { contentLength: 64 * 1024 })
      .catch((e: unknown) => e);
    expect(isS3TransportError(err, 'ENETWORK')).toBe(true);
    expect(err).toMatchObject({ attempts: 1 });
    expect(proxy.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(body.destroyed).toBe(true);
  });

  it('releases a streamed body when the signal ends the call before or between attempts', async () => {
    const client = await proxied();
    const before = Readable.from([randomBytes(1024)]);
    const reason = new Error('cancelled first');
    await expect(
      client.putObject(bucket, 'never', before, {
        contentLength: 1024,
        signal: AbortSignal.abort(reason),
      }),
    ).rejects.toBe(reason);
    expect(before.destroyed).toBe(true);
    // A refused connection reads nothing, so the body waits for a retry: cancelled in the backoff.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const refused = createS3Client({
      endpoint: `http://127.0.0.1:${port}`,
      credentials: server.credentials,
      retry: { maxAttempts: 3, baseMs: 5_000, capMs: 5_000 },
    });
    const pending = Readable.from([randomBytes(1024)]);
    const controller = new AbortController();
    const put = refused.putObject(bucket, 'never', pending, {
      contentLength: 1024,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(reason), 200);
    await expect(put).rejects.toBe(reason);
    expect(pending.destroyed).toBe(true);
    await refused.close();
  });

  it('retries a streamed body when no connection could be opened (nothing was read)', async () => {
    // A port that refuses connections now and gets a listener during the first backoff.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    proxy = new TcpProxy(server.endpoint);
    s3 = createS3Client({
      endpoint: `http://127.0.0.1:${port}`,
      credentials: server.credentials,
      retry: { maxAttempts: 3, baseMs: 400, capMs: 400 },
    });
    const data = randomBytes(64 * 1024);
    setTimeout(() => void proxy.listen(port), 50);
    await s3.putObject(bucket, 'late', Readable.from([data]), { contentLength: data.length });
    expect(proxy.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect((await direct.headObject(bucket, 'late')).contentLength).toBe(data.length);
  });

  it('a reset in the middle of a GET body is an error, not a short read', async () => {
    const data = randomBytes(2 * MiB);
    await direct.putObject(bucket, 'big', data);
    const client = await proxied();
    proxy.policy = () => ({ kind: 'reset-after', bytes: 300_000 });
    const got = await client.getObject(bucket, 'big');
    let received = 0;
    const err = await (async () => {
      for await (const chunk of got.body) received += (chunk as Buffer).length;
    })().catch((e: unknown) => e);
    expect(isS3TransportError(err, 'ENETWORK')).toBe(true);
    expect(received).toBeLessThan(data.length);
  });

  it('times out waiting for the first byte, retries, then gives up', async () => {
    const client = await proxied({
      timeouts: { firstByteMs: 300 },
      retry: { maxAttempts: 2, baseMs: 10 },
    });
    proxy.policy = () => ({ kind: 'blackhole' });
    const started = Date.now();
    const err = await client.headObject(bucket, 'any').catch((e: unknown) => e);
    expect(isS3TransportError(err, 'ETIMEDOUT_FIRST_BYTE')).toBe(true);
    expect(err).toMatchObject({ attempts: 2 });
    expect(proxy.connections).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a slow first byte within the timeout succeeds', async () => {
    await direct.putObject(bucket, 'slow', Buffer.from('slow'));
    const client = await proxied({ timeouts: { firstByteMs: 2_000 } });
    proxy.policy = () => ({ kind: 'delay', ms: 300 });
    const head = await client.headObject(bucket, 'slow');
    expect(head.contentLength).toBe(4);
    // undici closes after a HEAD unless told otherwise; the client asks to keep it.
    expect(proxy.requests[0]!.headers.connection).toBe('keep-alive');
    for (let i = 0; i < 2; i++) {
      const got = await client.getObject(bucket, 'slow');
      await finished(got.body.resume());
    }
    // Both GETs went over one kept-alive connection (the HEAD's, or one more if the server
    // closed that one).
    expect(proxy.requests).toHaveLength(3);
    expect(proxy.connections).toBeLessThanOrEqual(2);
  });

  it('a per-call signal cancels a hung request with its reason', async () => {
    const client = await proxied();
    proxy.policy = () => ({ kind: 'blackhole' });
    const reason = new Error('caller gave up');
    const err = await client
      .getObject(bucket, 'any', { signal: AbortSignal.timeout(200) })
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 100);
    await expect(client.headObject(bucket, 'any', { signal: controller.signal })).rejects.toBe(
      reason,
    );
  });

  it('an abandoned GET body is destroyed after idleMs and frees its socket', async () => {
    await direct.putObject(bucket, 'abandoned', randomBytes(4 * MiB));
    const client = await proxied({ connections: 1, timeouts: { idleMs: 300 } });
    const got = await client.getObject(bucket, 'abandoned');
    const failed = new Promise<unknown>((resolve) => got.body.once('error', resolve));
    // With one connection per origin, this HEAD can only run once the abandoned body let go.
    const head = await client.headObject(bucket, 'abandoned', {
      signal: AbortSignal.timeout(5_000),
    });
    expect(head.contentLength).toBe(4 * MiB);
    expect(isS3TransportError(await failed, 'ETIMEDOUT_IDLE')).toBe(true);
  });

  it('abort guard: a part that keeps failing aborts the multipart upload upstream', async () => {
    const client = await proxied();
    proxy.resetOnRequest = /partNumber=2&/;
    const data = randomBytes(11 * MiB);
    const err = await client
      .upload(bucket, 'guarded', Readable.from([data]), { partSize: 5 * MiB, concurrency: 2 })
      .catch((e: unknown) => e);
    expect(isS3TransportError(err, 'ENETWORK')).toBe(true);
    const part2 = proxy.requests.filter((r) => r.path.includes('partNumber=2&'));
    expect(part2).toHaveLength(3);
    expect(proxy.requests.some((r) => r.method === 'DELETE' && r.path.includes('uploadId='))).toBe(
      true,
    );
    expect((await direct.listMultipartUploads(bucket, { prefix: 'guarded' })).uploads).toEqual([]);
  });

  it('a part that fails mid-transfer is re-sent from its buffer: the object is byte-exact', async () => {
    const client = await proxied({ maxTransferMemory: 16 * MiB });
    proxy.resetOnRequest = once(/partNumber=2&/);
    const data = randomBytes(23 * MiB + 5);
    const body = Readable.from(
      (function* () {
        for (let at = 0; at < data.length; at += 999_983) yield data.subarray(at, at + 999_983);
      })(),
    );
    const result = await client.upload(bucket, 'retried-part', body, { partSize: 5 * MiB });
    expect(result.parts).toBe(5);
    // Part 2 keeps its buffer through the retry while the other two carry later parts.
    expect(result.stats).toMatchObject({ buffers: 3, bufferBytes: 15 * MiB });
    const part2 = proxy.requests.filter((r) => r.path.includes('partNumber=2&'));
    expect(part2).toHaveLength(2);
    const got = await direct.getObject(bucket, 'retried-part');
    expect((await readAll(got.body)).equals(data)).toBe(true);
  });

  it('a streamed part (larger than maxTransferMemory) is not retried once sent', async () => {
    const client = await proxied({ maxTransferMemory: 5 * MiB });
    proxy.resetOnRequest = /partNumber=2&/;
    const data = randomBytes(13 * MiB);
    const err = await client
      .upload(bucket, 'streamed-part', Readable.from([data]), {
        contentLength: data.length,
        partSize: 6 * MiB,
      })
      .catch((e: unknown) => e);
    expect(isS3TransportError(err, 'ENETWORK')).toBe(true);
    expect(proxy.requests.filter((r) => r.path.includes('partNumber=2&'))).toHaveLength(1);
    expect(proxy.requests.some((r) => r.path.includes('partNumber=3&'))).toBe(false);
    const uploads = await direct.listMultipartUploads(bucket, { prefix: 'streamed-part' });
    expect(uploads.uploads).toEqual([]);
  });
});

/** A pattern that matches once, then never again (a fault that heals). */
function once(pattern: RegExp): RegExp {
  let fired = false;
  const oneShot = new RegExp(pattern.source, pattern.flags);
  oneShot.test = (text: string): boolean => {
    if (fired || !pattern.test(text)) return false;
    fired = true;
    return true;
  };
  return oneShot;
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
