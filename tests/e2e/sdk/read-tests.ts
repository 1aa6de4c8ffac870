import { expect, it } from 'vitest';
import { catchS3Error } from '../support/s3-client.js';
import { seededBytes, sha256 } from '../support/test-data.js';
import type { SdkEnv } from './sdk-env.js';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '../support/aws-sdk.js';

/** Ranged and conditional reads, and conditional writes. */
export function defineReadTests(env: () => SdkEnv): void {
  const ranges = [
    { range: 'bytes=0-9', start: 0, end: 9 },
    { range: 'bytes=-5', start: 95, end: 99 },
    { range: 'bytes=10-', start: 10, end: 99 },
    { range: 'bytes=90-1000', start: 90, end: 99 },
  ] as const;
  it('ranged GETs return 206 with Content-Range and exactly the requested bytes', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    const data = seededBytes('ranges', 100);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'r', Body: data }));
    for (const { range, start, end } of ranges) {
      const got = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: 'r', Range: range }),
      );
      expect(got.$metadata.httpStatusCode, range).toBe(206);
      expect(got.ContentRange, range).toBe(`bytes ${start}-${end}/100`);
      expect(got.ContentLength, range).toBe(end - start + 1);
      const bytes = Buffer.from(await got.Body!.transformToByteArray());
      expect(bytes.equals(data.subarray(start, end + 1)), range).toBe(true);
    }
    for (const range of ['bytes=100-', 'bytes=200-300']) {
      const error = await catchS3Error(
        client.send(new GetObjectCommand({ Bucket: bucket, Key: 'r', Range: range })),
      );
      expect(error, range).toMatchObject({ name: 'InvalidRange', status: 416 });
    }
  });

  it('conditional GET/HEAD: If-None-Match → 304, If-Match mismatch → 412', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    const put = await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'c', Body: 'conditional' }),
    );
    const etag = put.ETag!;

    const notModified = await catchS3Error(
      client.send(new GetObjectCommand({ Bucket: bucket, Key: 'c', IfNoneMatch: etag })),
    );
    expect(notModified.status).toBe(304);
    const headNotModified = await catchS3Error(
      client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'c', IfNoneMatch: etag })),
    );
    expect(headNotModified.status).toBe(304);

    const failed = await catchS3Error(
      client.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: 'c',
          IfMatch: '"00000000000000000000000000000000"',
        }),
      ),
    );
    expect(failed).toMatchObject({ name: 'PreconditionFailed', status: 412 });

    const matched = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'c', IfMatch: etag }),
    );
    expect(await matched.Body!.transformToString()).toBe('conditional');
    const changed = await client.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: 'c',
        IfNoneMatch: '"00000000000000000000000000000000"',
      }),
    );
    expect(changed.$metadata.httpStatusCode).toBe(200);
    expect(await changed.Body!.transformToString()).toBe('conditional');
  });

  it('PUT with If-None-Match: * creates once, then fails with 412 and keeps the first body', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    const first = await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'once', Body: 'first', IfNoneMatch: '*' }),
    );
    expect(first.$metadata.httpStatusCode).toBe(200);
    const second = await catchS3Error(
      client.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'once', Body: 'second', IfNoneMatch: '*' }),
      ),
    );
    expect(second).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'once' }));
    expect(await got.Body!.transformToString()).toBe('first');
    expect(got.ETag).toBe(first.ETag);
  });

  it('a 1 MiB object read in ranges reassembles byte for byte', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    const data = seededBytes('reassemble', 1024 * 1024);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'big', Body: data }));
    const step = 300 * 1024;
    const pieces: Buffer[] = [];
    for (let start = 0; start < data.length; start += step) {
      const end = Math.min(start + step, data.length) - 1;
      const got = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: 'big', Range: `bytes=${start}-${end}` }),
      );
      pieces.push(Buffer.from(await got.Body!.transformToByteArray()));
    }
    expect(sha256(Buffer.concat(pieces))).toBe(sha256(data));
  });
}
