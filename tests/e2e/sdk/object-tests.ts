import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { catchS3Error } from '../support/s3-client.js';
import { MiB, md5, seededBytes, seededStream, sha256 } from '../support/test-data.js';
import type { SdkEnv } from './sdk-env.js';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '../support/aws-sdk.js';

/** Keys that need careful encoding in paths, signatures and XML (the last is 1024 bytes). */
export const AWKWARD_KEYS = [
  'with space',
  'plus+sign',
  '100%',
  'a&b',
  'k=v',
  'tilde~x',
  'quote"d',
  'ünïcødé/日本語/😀',
  `long/${'x'.repeat(1019)}`,
] as const;

/** Buckets, object round trips, metadata, copy and delete through the SDK. */
export function defineObjectTests(env: () => SdkEnv): void {
  it('CreateBucket, HeadBucket (x-amz-bucket-region) and ListBuckets', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    const head = await client.send(new HeadBucketCommand({ Bucket: bucket }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    expect(head.BucketRegion).toBe('us-east-1');
    const list = await client.send(new ListBucketsCommand({}));
    const mine = list.Buckets?.find((b) => b.Name === bucket);
    expect(mine?.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs(mine!.CreationDate!.getTime() - Date.now())).toBeLessThan(5 * 60_000);
    expect(list.Owner?.ID).toMatch(/\S/);
  });

  const roundTrips = [
    { size: 0, body: 'buffer' },
    { size: 1, body: 'buffer' },
    { size: MiB, body: 'buffer' },
    { size: 0, body: 'stream' },
    { size: MiB + 7, body: 'stream' },
  ] as const;
  it.each(roundTrips)(
    'PutObject/GetObject round trip: $size bytes from a $body',
    async ({ size, body }) => {
      const { client } = env();
      const bucket = await env().newBucket();
      const key = `rt/${body}-${size}`;
      const data = seededBytes(key, size);
      const put = await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          // A stream makes the SDK send an aws-chunked body (with a CRC32 trailer by default).
          Body: body === 'stream' ? seededStream(key, size, 64 * 1024) : data,
          ContentLength: size,
        }),
      );
      expect(put.ETag).toBe(`"${md5(data)}"`);
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      expect(got.ContentLength).toBe(size);
      expect(got.ETag).toBe(put.ETag);
      const bytes = await got.Body!.transformToByteArray();
      expect(bytes.length).toBe(size);
      expect(sha256(bytes)).toBe(sha256(data));
    },
  );

  it('keys with spaces, + % & = ~ ", unicode and 1024 bytes round-trip and list in byte order', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    expect(Buffer.byteLength(AWKWARD_KEYS.at(-1)!)).toBe(1024);
    for (const key of AWKWARD_KEYS) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }));
    }
    for (const key of AWKWARD_KEYS) {
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      expect(await got.Body!.transformToString()).toBe(`body of ${key}`);
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      expect(head.ContentLength).toBe(Buffer.byteLength(`body of ${key}`));
    }
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    const expected = [...AWKWARD_KEYS].sort((a, b) =>
      Buffer.compare(Buffer.from(a), Buffer.from(b)),
    );
    expect(listed.Contents?.map((c) => c.Key)).toEqual(expected);
    expect(listed.KeyCount).toBe(AWKWARD_KEYS.length);
  });

  it('returns user metadata, Content-Type and other stored headers on GET and HEAD', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'meta.txt',
        Body: 'hello metadata',
        ContentType: 'text/plain; charset=utf-8',
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment; filename="meta.txt"',
        Metadata: { color: 'blue', 'multi-word': 'Some Value' },
      }),
    );
    for (const out of [
      await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'meta.txt' })),
      await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'meta.txt' })),
    ]) {
      expect(out.ContentType).toBe('text/plain; charset=utf-8');
      expect(out.CacheControl).toBe('max-age=60');
      expect(out.ContentDisposition).toBe('attachment; filename="meta.txt"');
      expect(out.Metadata).toEqual({ color: 'blue', 'multi-word': 'Some Value' });
      expect(out.ContentLength).toBe(14);
      expect(out.ETag).toBe(`"${md5('hello metadata')}"`);
      expect(out.LastModified).toBeInstanceOf(Date);
    }
  });

  it('CopyObject: COPY keeps metadata (also across buckets), REPLACE replaces it', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    const other = await env().newBucket();
    const data = seededBytes('copy-src', 64 * 1024);
    const src = 'src dir/source+1.bin';
    const copySource = `${bucket}/${src.split('/').map(encodeURIComponent).join('/')}`;
    const put = await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: src,
        Body: data,
        ContentType: 'application/x-src',
        Metadata: { origin: 'source' },
      }),
    );

    const copied = await client.send(
      new CopyObjectCommand({ Bucket: other, Key: 'copy', CopySource: copySource }),
    );
    expect(copied.CopyObjectResult?.ETag).toBe(put.ETag);
    const head = await client.send(new HeadObjectCommand({ Bucket: other, Key: 'copy' }));
    expect(head.ContentType).toBe('application/x-src');
    expect(head.Metadata).toEqual({ origin: 'source' });
    const got = await client.send(new GetObjectCommand({ Bucket: other, Key: 'copy' }));
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(data));

    await client.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'replaced',
        CopySource: copySource,
        MetadataDirective: 'REPLACE',
        ContentType: 'application/x-new',
        Metadata: { fresh: 'yes' },
      }),
    );
    const replaced = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'replaced' }));
    expect(replaced.ContentType).toBe('application/x-new');
    expect(replaced.Metadata).toEqual({ fresh: 'yes' });
    expect(sha256(await replaced.Body!.transformToByteArray())).toBe(sha256(data));

    // S3 refuses a copy onto itself that changes nothing.
    const self = await catchS3Error(
      client.send(new CopyObjectCommand({ Bucket: bucket, Key: src, CopySource: copySource })),
    );
    expect(self).toMatchObject({ name: 'InvalidRequest', status: 400 });
  });

  it('DeleteObject and DeleteObjects (verbose and quiet)', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    for (const key of ['k1', 'k2', 'k3', 'k4', 'k5']) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    }
    // Deleting a missing key succeeds (204), as on S3.
    const missing = await client.send(
      new DeleteObjectCommand({ Bucket: bucket, Key: 'never-existed' }),
    );
    expect(missing.$metadata.httpStatusCode).toBe(204);
    const single = await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k5' }));
    expect(single.$metadata.httpStatusCode).toBe(204);

    const verbose = await client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: [{ Key: 'k1' }, { Key: 'k2' }, { Key: 'not-there' }] },
      }),
    );
    expect(verbose.Deleted?.map((d) => d.Key).sort()).toEqual(['k1', 'k2', 'not-there']);
    expect(verbose.Errors ?? []).toEqual([]);

    const quiet = await client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: [{ Key: 'k3' }], Quiet: true },
      }),
    );
    expect(quiet.Deleted ?? []).toEqual([]);
    expect(quiet.Errors ?? []).toEqual([]);

    const left = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(left.Contents?.map((c) => c.Key)).toEqual(['k4']);
    const gone = await catchS3Error(
      client.send(new GetObjectCommand({ Bucket: bucket, Key: 'k3' })),
    );
    expect(gone).toMatchObject({ name: 'NoSuchKey', status: 404 });
  });

  it('a streamed body with uneven chunk boundaries round-trips', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    const data = seededBytes('readable', 300 * 1024);
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'r',
        Body: Readable.from([data.subarray(0, 1000), data.subarray(1000)]),
        ContentLength: data.length,
      }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'r' }));
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(data));
  });
}
