import { Readable } from 'node:stream';
import { createS3Client } from '@strata/s3-client';
import type { S3Client } from '@strata/s3-client';
import { TcpProxy, startStrata } from '@strata/s3-client/testing';
import type { TestServer } from '@strata/s3-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Backend } from './s3-backend.js';
import { listNames, readAll } from './testing/test-helpers.js';

describe('createS3Backend config', () => {
  const credentials = { accessKeyId: 'AK', secretAccessKey: 'SK' };
  const base = { name: 'b', bucket: 'data' };

  it('takes a client or an endpoint with credentials, not both, not neither', async () => {
    await using client = createS3Client({ endpoint: 'http://127.0.0.1:1', credentials });
    const both = { ...base, client, endpoint: 'http://127.0.0.1:1' };
    expect(() => createS3Backend(both)).toThrow(TypeError);
    expect(() => createS3Backend(base)).toThrow(TypeError);
    expect(() => createS3Backend({ ...base, endpoint: 'http://127.0.0.1:1' })).toThrow(TypeError);
    expect(() => createS3Backend({ ...base, bucket: '', client })).toThrow(TypeError);
    expect(() => createS3Backend({ ...base, endpoint: 'ftp://x', credentials })).toThrow(TypeError);
    expect(() => createS3Backend({ ...base, client, partSize: 1024 * 1024 })).toThrow(RangeError);
    const endpoint = 'http://127.0.0.1:1';
    const tiny = { ...base, endpoint, credentials, maxTransferMemory: 1024 * 1024 };
    expect(() => createS3Backend(tiny)).toThrow(/maxTransferMemory/);
    const backend = createS3Backend({ ...base, client, prefix: 'p/' });
    expect([backend.name, backend.bucket, backend.prefix]).toEqual(['b', 'data', 'p/']);
  });
});

describe('createS3Backend on Strata', () => {
  let strata: TestServer;
  let admin: S3Client;
  const bucket = 'layout';

  beforeAll(async () => {
    strata = await startStrata();
    admin = createS3Client({ endpoint: strata.endpoint, credentials: strata.credentials });
    await admin.createBucket(bucket);
  });
  afterAll(async () => {
    await admin?.close();
    await strata?.close();
  });

  const keysUnder = async (prefix: string) =>
    (await admin.listObjectsV2(bucket, { prefix })).contents.map((c) => c.key);

  it('stores blob b under the key prefix + b and lists only its prefix, without it', async () => {
    await using backend = createS3Backend({ name: 'p', bucket, client: admin, prefix: 'strata/' });
    await admin.putObject(bucket, 'strata-not-ours', Buffer.from('x'));
    await backend.put('b/k 1@x', Readable.from([Buffer.from('one')]), { size: 3 });
    await backend.put('b/k+2', Readable.from([Buffer.from('two')]));
    expect(await keysUnder('strata')).toEqual([
      'strata-not-ours',
      'strata/b/k 1@x',
      'strata/b/k+2',
    ]);
    expect(await listNames(backend, '')).toEqual(['b/k 1@x', 'b/k+2']);
    expect(await listNames(backend, 'b/k+')).toEqual(['b/k+2']);
  });

  it('never closes a client it was given; closes the one it made', async () => {
    const shared = createS3Backend({ name: 's', bucket, client: admin });
    await shared.close();
    await expect(shared.head('k')).rejects.toMatchObject({ code: 'EBACKEND_OPEN' });
    // The shared client still serves its owner.
    await expect(admin.listObjectsV2(bucket)).resolves.toBeDefined();
    const { endpoint, credentials } = strata;
    const owned = createS3Backend({ name: 'o', bucket, endpoint, credentials });
    await owned.close();
    await owned[Symbol.asyncDispose]();
  });

  it('honours forcePathStyle: path style by default on localhost, virtual host when false', async () => {
    const proxy = new TcpProxy(strata.endpoint);
    const port = new URL(await proxy.listen()).port;
    const endpoint = `http://localhost:${port}`;
    const config = { name: 'v', bucket, endpoint, credentials: strata.credentials };
    try {
      for (const [i, forcePathStyle] of [true, undefined].entries()) {
        await using backend = createS3Backend({ ...config, forcePathStyle });
        await backend.put(`style@${i}`, Readable.from([Buffer.from('x')]), { size: 1 });
        expect(proxy.requests.at(-1)).toMatchObject({
          path: `/${bucket}/style%40${i}`,
          headers: { host: `localhost:${port}` },
        });
      }
      // Virtual-hosted: the bucket moves into the host name, which nothing resolves here
      // (*.localhost is not in /etc/hosts), so the call fails to connect to exactly that host.
      await using virtual = createS3Backend({
        ...config,
        forcePathStyle: false,
        retry: { maxAttempts: 1 },
      });
      const seen = proxy.requests.length;
      await expect(virtual.head('style@0')).rejects.toMatchObject({
        code: 'EBACKEND_OPEN',
        message: expect.stringContaining(`${bucket}.localhost`),
      });
      expect(proxy.requests).toHaveLength(seen);
    } finally {
      await proxy.close();
    }
  });

  it('conditionalPut: false lets a put replace a blob (for services that reject If-None-Match)', async () => {
    await using strict = createS3Backend({ name: 's', bucket, client: admin });
    await using lax = createS3Backend({ name: 'l', bucket, client: admin, conditionalPut: false });
    await strict.put('cond', Readable.from([Buffer.from('first')]), { size: 5 });
    const again = strict.put('cond', Readable.from([Buffer.from('again')]), { size: 5 });
    await expect(again).rejects.toMatchObject({ code: 'EBACKEND_IO' });
    await lax.put('cond', Readable.from([Buffer.from('later')]), { size: 5 });
    expect((await readAll(await strict.get('cond'))).toString()).toBe('later');
  });

  it('rejects parts listed out of ascending order, and an empty list, with EINVALID_PART', async () => {
    await using backend = createS3Backend({ name: 'm', bucket, client: admin });
    const { uploadId } = await backend.createMultipart('mp');
    const part = (n: number) =>
      backend.uploadPart('mp', uploadId, n, Readable.from([Buffer.from(`${n}`)]));
    const [one, two] = [await part(1), await part(2)];
    const swapped = [
      { partNumber: 2, token: two.token },
      { partNumber: 1, token: one.token },
    ];
    await expect(backend.completeMultipart('mp', uploadId, swapped)).rejects.toMatchObject({
      code: 'EINVALID_PART',
      partNumber: 1,
    });
    await expect(backend.completeMultipart('mp', uploadId, [])).rejects.toMatchObject({
      code: 'EINVALID_PART',
    });
    await backend.abortMultipart('mp', uploadId);
  });

  it('streams a part of unknown size chunked (AWS would refuse: MissingContentLength)', async () => {
    await using backend = createS3Backend({ name: 'm', bucket, client: admin });
    const { uploadId } = await backend.createMultipart('chunked');
    const { size, token } = await backend.uploadPart(
      'chunked',
      uploadId,
      1,
      Readable.from([Buffer.from('abc')]),
    );
    expect(size).toBe(3);
    await backend.completeMultipart('chunked', uploadId, [{ partNumber: 1, token }]);
    expect((await readAll(await backend.get('chunked'))).toString()).toBe('abc');
  });
});
