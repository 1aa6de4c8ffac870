/**
 * The access pattern of DuckDB's httpfs and Polars (object_store), reproduced with the AWS SDK
 * over HTTP and HTTPS: HEAD for the size, the Parquet footer by suffix range, then many
 * concurrent ranged GETs; ListObjectsV2 with `encoding-type=url` over Hive-style partitions;
 * and `If-None-Match: *` for atomic create.
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  getSignedUrl,
} from './support/aws-sdk.js';
import { createCompatRecorder } from './support/compat-matrix.js';
import { TRANSPORTS, useGateway } from './support/gateway-fixture.js';
import {
  catchS3Error,
  createTestDispatcher,
  createTestS3Client,
  uniqueBucketName,
} from './support/s3-client.js';
import { MiB, md5, seededBytes, sha256 } from './support/test-data.js';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Dispatcher } from 'undici';

const recorder = createCompatRecorder('analytics');

/** Hive-style partition keys, as DuckDB and Polars write and list them. */
const PARTITION_KEYS = [
  'dataset/year=2024/month=01/part-0.parquet',
  'dataset/year=2024/month=02/part 1+x.parquet',
  'dataset/year=2025/city=São Paulo/part-0.parquet',
  'dataset/year=2025/q=a&b/part-0.parquet',
] as const;

/** `encoding-type=url` keys decode like a form value (S3 encodes a space as `+`). */
function decodeS3Url(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

describe.each(TRANSPORTS)('DuckDB/Polars access pattern (AWS SDK) over %s', (transport) => {
  const gateway = useGateway(transport, 'analytics');
  recorder.track('DuckDB/Polars pattern (SDK)', transport);
  let client: S3Client;
  let dispatcher: Dispatcher;
  const newBucket = async () => {
    const bucket = uniqueBucketName('olap');
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return bucket;
  };

  beforeAll(() => {
    client = createTestS3Client({ endpoint: gateway().endpoint, ca: gateway().cert?.ca });
    dispatcher = createTestDispatcher(gateway().cert?.ca);
  });
  afterAll(async () => {
    client?.destroy();
    await dispatcher?.close();
  });

  describe('HEAD then many ranged GETs', () => {
    it('HEAD, the footer by suffix range, then 48 concurrent ranged GETs return the exact bytes', async () => {
      const bucket = await newBucket();
      const size = 3 * MiB + 123;
      const data = seededBytes('parquet', size);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'f.parquet', Body: data }));

      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'f.parquet' }));
      expect(head.ContentLength).toBe(size);
      expect(head.ETag).toBe(`"${md5(data)}"`);
      expect(head.AcceptRanges).toBe('bytes');
      expect(head.LastModified).toBeInstanceOf(Date);

      // Parquet readers fetch the 8-byte tail (footer length + magic), then the footer itself.
      const tail = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: 'f.parquet', Range: 'bytes=-8' }),
      );
      expect(tail.ContentRange).toBe(`bytes ${size - 8}-${size - 1}/${size}`);
      expect(Buffer.from(await tail.Body!.transformToByteArray()).equals(data.subarray(-8))).toBe(
        true,
      );
      const footerStart = size - 64 * 1024;
      const footer = await client.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: 'f.parquet',
          Range: `bytes=${footerStart}-${size - 1}`,
          IfMatch: head.ETag,
        }),
      );
      expect(sha256(await footer.Body!.transformToByteArray())).toBe(
        sha256(data.subarray(footerStart)),
      );

      // Column chunks: many ranges of varied sizes, in parallel, some crossing MiB boundaries.
      const ranges = Array.from({ length: 48 }, (_, i) => {
        const start = (i * 65_537 + i * i * 31) % (size - 200_000);
        return [start, start + 1 + ((i * 7919) % 150_000)] as const;
      });
      const results = await Promise.all(
        ranges.map(async ([start, end]) => {
          const out = await client.send(
            new GetObjectCommand({
              Bucket: bucket,
              Key: 'f.parquet',
              Range: `bytes=${start}-${end - 1}`,
            }),
          );
          return {
            range: out.ContentRange,
            length: out.ContentLength,
            sha: sha256(await out.Body!.transformToByteArray()),
          };
        }),
      );
      expect(results).toEqual(
        ranges.map(([start, end]) => ({
          range: `bytes ${start}-${end - 1}/${size}`,
          length: end - start,
          sha: sha256(data.subarray(start, end)),
        })),
      );
    });
  });

  describe('ListObjectsV2 with encoding-type=url', () => {
    it('lists Hive partitions with URL-encoded keys and prefixes that decode to the originals', async () => {
      const bucket = await newBucket();
      for (const key of PARTITION_KEYS) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
      }
      const all = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'dataset/', EncodingType: 'url' }),
      );
      expect(all.EncodingType).toBe('url');
      expect(all.Contents?.map((c) => decodeS3Url(c.Key!))).toEqual(
        [...PARTITION_KEYS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
      );
      const dirs = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: 'dataset/year=2025/',
          Delimiter: '/',
          EncodingType: 'url',
        }),
      );
      expect(dirs.CommonPrefixes?.map((p) => decodeS3Url(p.Prefix!))).toEqual([
        'dataset/year=2025/city=São Paulo/',
        'dataset/year=2025/q=a&b/',
      ]);
      expect(decodeS3Url(dirs.Prefix!)).toBe('dataset/year=2025/');

      // The raw XML, as object_store parses it: `=` and `&` arrive percent-encoded.
      const url = await getSignedUrl(
        client,
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'dataset/', EncodingType: 'url' }),
      );
      const res = await request(url, { dispatcher });
      const xml = await res.body.text();
      expect(res.statusCode).toBe(200);
      expect(xml).toContain('<Key>dataset/year%3D2024/month%3D01/part-0.parquet</Key>');
      expect(xml).toContain('year%3D2025/q%3Da%26b/');
      expect(xml).toContain('<EncodingType>url</EncodingType>');
    });
  });

  describe('conditional PUT (If-None-Match: *)', () => {
    it('the first create wins; a second gets 412 PreconditionFailed and the bytes stay', async () => {
      const bucket = await newBucket();
      const first = seededBytes('commit-0', 1000);
      const put = await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: '_delta_log/00000.json',
          Body: first,
          IfNoneMatch: '*',
        }),
      );
      expect(put.ETag).toBe(`"${md5(first)}"`);
      const second = await catchS3Error(
        client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: '_delta_log/00000.json',
            Body: 'other writer',
            IfNoneMatch: '*',
          }),
        ),
      );
      expect(second).toMatchObject({ name: 'PreconditionFailed', status: 412 });
      // Two writers racing: exactly one wins.
      const race = await Promise.allSettled(
        ['a', 'b', 'c', 'd'].map((w) =>
          client.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: '_delta_log/00001.json',
              Body: `writer ${w}`,
              IfNoneMatch: '*',
            }),
          ),
        ),
      );
      expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const got = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: '_delta_log/00000.json' }),
      );
      expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(first));
    });
  });
});
