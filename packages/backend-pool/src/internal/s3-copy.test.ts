import { createS3Client } from '@strata/s3-client';
import type { S3Client } from '@strata/s3-client';
import { TcpProxy, startStrata } from '@strata/s3-client/testing';
import type { TestServer } from '@strata/s3-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternBytes, readAll, sha256 } from '../testing/test-helpers.js';
import { copyBlob } from './s3-copy.js';
import type { S3Target } from './s3-target.js';

const MiB = 1024 * 1024;

// The UploadPartCopy path normally starts above 5 GiB; a small threshold reaches it here.
// (s3rver has no UploadPartCopy, so this runs against Strata.)
describe('copyBlob in parts', () => {
  let strata: TestServer;
  let client: S3Client;
  let target: S3Target;

  beforeAll(async () => {
    strata = await startStrata();
    client = createS3Client({ endpoint: strata.endpoint, credentials: strata.credentials });
    await client.createBucket('copies');
    target = { name: 'strata', client, bucket: 'copies', prefix: 'p/' };
  });
  afterAll(async () => {
    await client?.close();
    await strata?.close();
  });

  it('copies a source larger than maxSingleCopy with UploadPartCopy, byte for byte', async () => {
    const body = patternBytes(12 * MiB + 3, 5);
    await client.putObject('copies', 'p/big source', body);
    const plan = { signal: undefined, maxSingleCopy: MiB, partSize: 5 * MiB };
    await expect(copyBlob(target, 'big source', 'big copy', plan)).resolves.toEqual({
      size: body.length,
    });
    const copied = await client.getObject('copies', 'p/big copy');
    expect(sha256(await readAll(copied.body))).toBe(sha256(body));
    // Three parts (5 + 5 + 2 MiB), assembled as a multipart object.
    expect(copied.etag).toMatch(/-3$/);
    expect((await client.listMultipartUploads('copies')).uploads).toEqual([]);
  });

  it('rejects a missing source with ENOBLOB and starts no upload', async () => {
    const plan = { signal: undefined, maxSingleCopy: MiB, partSize: 5 * MiB };
    await expect(copyBlob(target, 'absent', 'copy', plan)).rejects.toMatchObject({
      code: 'ENOBLOB',
      blob: 'absent',
    });
    expect((await client.listMultipartUploads('copies')).uploads).toEqual([]);
  });

  it('aborts its upload when a part fails, and rethrows the part failure', async () => {
    const body = patternBytes(11 * MiB, 6);
    await client.putObject('copies', 'p/second source', body);
    // Every attempt at part 2 has its connection reset; the other requests pass.
    const proxy = new TcpProxy(strata.endpoint);
    proxy.resetOnRequest = /partNumber=2&/;
    const endpoint = await proxy.listen();
    const { credentials } = strata;
    await using flaky = createS3Client({ endpoint, credentials, retry: { maxAttempts: 1 } });
    const plan = { signal: undefined, maxSingleCopy: MiB, partSize: 5 * MiB };
    try {
      const copy = copyBlob({ ...target, client: flaky }, 'second source', 'second copy', plan);
      await expect(copy).rejects.toMatchObject({
        code: 'EBACKEND_IO',
        cause: { code: 'ENETWORK' },
      });
      expect(proxy.requests.some((r) => r.method === 'DELETE' && r.path.includes('uploadId'))).toBe(
        true,
      );
    } finally {
      await proxy.close();
    }
    expect((await client.listMultipartUploads('copies')).uploads).toEqual([]);
    await expect(client.headObject('copies', 'p/second copy')).rejects.toMatchObject({
      status: 404,
    });
  });
});
