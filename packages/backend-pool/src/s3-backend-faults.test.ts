import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createS3Client } from '@strata/s3-client';
import type { S3Client } from '@strata/s3-client';
import { TcpProxy, startStrata } from '@strata/s3-client/testing';
import type { TestServer } from '@strata/s3-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreaker } from './breaker-backend.js';
import { createS3Backend } from './s3-backend.js';
import type { S3BackendConfig } from './s3-backend.js';
import { listNames, patternBytes } from './testing/test-helpers.js';

// One attempt, short timeouts: each case provokes exactly one failure.
const FAST = { retry: { maxAttempts: 1 }, timeouts: { connectMs: 1_000, firstByteMs: 300 } };

/** A port nothing listens on (it was free a moment ago). */
async function deadEndpoint(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** A service that answers every request with one S3 error (a fault injector, not a mock). */
async function erroringEndpoint(status: number, code: string) {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0"?><Error><Code>${code}</Code><Message>m</Message></Error>`);
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    [Symbol.asyncDispose]: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('S3 driver failures', () => {
  let strata: TestServer;
  let admin: S3Client;
  const bucket = 'faults';
  const on = (config: Partial<S3BackendConfig>) =>
    createS3Backend({
      name: 'remote',
      bucket,
      endpoint: strata.endpoint,
      credentials: strata.credentials,
      ...FAST,
      ...config,
    });

  beforeAll(async () => {
    strata = await startStrata();
    admin = createS3Client({ endpoint: strata.endpoint, credentials: strata.credentials });
    await admin.createBucket(bucket);
  });
  afterAll(async () => {
    await admin?.close();
    await strata?.close();
  });

  it('a missing bucket is EBACKEND_IO naming the backend and the bucket', async () => {
    await using backend = on({ bucket: 'no-such-bucket' });
    const error = {
      code: 'EBACKEND_IO',
      backend: 'remote',
      message: expect.stringMatching(/backend remote: bucket no-such-bucket does not exist/),
    };
    await expect(backend.get('k')).rejects.toMatchObject(error);
    await expect(
      backend.put('k', Readable.from([Buffer.from('x')]), { size: 1 }),
    ).rejects.toMatchObject(error);
    await expect(listNames(backend, '')).rejects.toMatchObject(error);
    await expect(backend.createMultipart('k')).rejects.toMatchObject(error);
    // A HEAD reply has no body to tell a missing bucket from a missing key (see the README).
    expect(await backend.head('k')).toBeUndefined();
  });

  it('wrong credentials are EACCES, on replies with a body and without', async () => {
    const { accessKeyId } = strata.credentials;
    await using backend = on({ credentials: { accessKeyId, secretAccessKey: 'wrong' } });
    await expect(backend.get('k')).rejects.toMatchObject({ code: 'EACCES', backend: 'remote' });
    await expect(backend.head('k')).rejects.toMatchObject({ code: 'EACCES' });
    const body = Readable.from([Buffer.from('x')]);
    await expect(backend.put('k', body, { size: 1 })).rejects.toMatchObject({ code: 'EACCES' });
    expect(body.destroyed).toBe(true);
  });

  it('a closed port is EBACKEND_OPEN; a server that never answers is EBACKEND_TIMEOUT', async () => {
    await using dead = on({ endpoint: await deadEndpoint() });
    await expect(dead.head('k')).rejects.toMatchObject({
      code: 'EBACKEND_OPEN',
      cause: { code: 'ECONNECT' },
    });
    const proxy = new TcpProxy(strata.endpoint);
    proxy.policy = () => ({ kind: 'blackhole' });
    try {
      await using silent = on({ endpoint: await proxy.listen() });
      await expect(silent.head('k')).rejects.toMatchObject({
        code: 'EBACKEND_TIMEOUT',
        cause: { code: 'ETIMEDOUT_FIRST_BYTE' },
      });
    } finally {
      await proxy.close();
    }
  });

  it('a connection reset before the reply is EBACKEND_IO', async () => {
    const proxy = new TcpProxy(strata.endpoint);
    proxy.policy = () => ({ kind: 'reset-after', bytes: 0 });
    try {
      await using backend = on({ endpoint: await proxy.listen() });
      await expect(backend.get('k')).rejects.toMatchObject({
        code: 'EBACKEND_IO',
        cause: { code: 'ENETWORK' },
      });
    } finally {
      await proxy.close();
    }
  });

  it('503 SlowDown is EBACKEND_OPEN, 500 InternalError is EBACKEND_IO', async () => {
    for (const [status, code, expected] of [
      [503, 'SlowDown', 'EBACKEND_OPEN'],
      [500, 'InternalError', 'EBACKEND_IO'],
    ] as const) {
      await using server = await erroringEndpoint(status, code);
      await using backend = on({ endpoint: server.endpoint });
      await expect(backend.get('k')).rejects.toMatchObject({
        code: expected,
        cause: { code, status },
      });
    }
  });

  it('a key over the service limit is EBACKEND_REJECTED', async () => {
    await using backend = on({ prefix: 'strata/' });
    const blob = `b/${'x'.repeat(1020)}`;
    const body = Readable.from([Buffer.from('x')]);
    await expect(backend.put(blob, body, { size: 1 })).rejects.toMatchObject({
      code: 'EBACKEND_REJECTED',
      cause: { code: 'KeyTooLongError' },
    });
  });

  it('a body that breaks its declared size is EBODY, and nothing is stored', async () => {
    await using backend = on({});
    const shorter = Readable.from([patternBytes(1000, 1)]);
    await expect(backend.put('short', shorter, { size: 2000 })).rejects.toMatchObject({
      code: 'EBODY',
      cause: { message: 'the body has fewer bytes than the declared 2000' },
    });
    const longer = Readable.from([patternBytes(2000, 1)]);
    await expect(backend.put('long', longer, { size: 1000 })).rejects.toMatchObject({
      code: 'EBODY',
      cause: { message: 'the body has more bytes than the declared 1000' },
    });
    expect(await backend.head('short')).toBeUndefined();
    expect(await backend.head('long')).toBeUndefined();
  });
});

describe('createBreaker(createS3Backend(…))', () => {
  let strata: TestServer;
  beforeAll(async () => {
    strata = await startStrata();
    await using admin = createS3Client({
      endpoint: strata.endpoint,
      credentials: strata.credentials,
    });
    await admin.createBucket('breaker');
  });
  afterAll(async () => {
    await strata?.close();
  });
  const breakerOptions = { volumeThreshold: 2, resetTimeoutMs: 60_000, timeoutMs: 2_000 };

  it('stays closed on missing blobs, unknown uploads and over-long keys', async () => {
    const s3 = createS3Backend({
      name: 'strata',
      bucket: 'breaker',
      endpoint: strata.endpoint,
      credentials: strata.credentials,
    });
    await using guarded = createBreaker(s3, breakerOptions);
    for (let i = 0; i < 6; i++) {
      await expect(guarded.get('missing')).rejects.toMatchObject({ code: 'ENOBLOB' });
      expect(await guarded.head('missing')).toBeUndefined();
      await expect(
        guarded.uploadPart('k', 'no-such-upload', 1, Readable.from([Buffer.from('x')])),
      ).rejects.toMatchObject({ code: 'ENOUPLOAD' });
      const long = Readable.from([Buffer.from('x')]);
      await expect(guarded.put('x'.repeat(1100), long, { size: 1 })).rejects.toMatchObject({
        code: 'EBACKEND_REJECTED',
      });
    }
    expect(guarded.state).toBe('closed');
  });

  it('opens when the endpoint is dead, then fails fast', async () => {
    const s3 = createS3Backend({
      name: 'gone',
      bucket: 'breaker',
      endpoint: await deadEndpoint(),
      credentials: strata.credentials,
      ...FAST,
    });
    await using guarded = createBreaker(s3, breakerOptions);
    for (let i = 0; i < 2; i++) {
      await expect(guarded.head('k')).rejects.toMatchObject({ cause: { code: 'ECONNECT' } });
    }
    expect(guarded.state).toBe('open');
    await expect(guarded.get('k')).rejects.toMatchObject({
      code: 'EBACKEND_OPEN',
      message: expect.stringMatching(/circuit open/),
    });
  });
});
