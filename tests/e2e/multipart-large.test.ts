/**
 * Large multipart uploads through the SDK: 100 MiB streamed from a seeded generator (never held
 * in one buffer) and hashed on the way up and down; UploadPartCopy assembling ranges.
 */
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchS3Error, createTestS3Client, uniqueBucketName } from './support/s3-client.js';
import { startStrata, type StrataProcess } from './support/strata-process.js';
import {
  digestStream,
  HashTap,
  MiB,
  md5,
  multipartEtag,
  seededBytes,
  seededSlice,
  seededStream,
  sha256,
} from './support/test-data.js';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCopyCommand,
  Upload,
} from './support/aws-sdk.js';

describe('large multipart uploads', () => {
  let strata: StrataProcess;
  let client: S3Client;

  beforeAll(async () => {
    strata = await startStrata();
    client = createTestS3Client({ endpoint: strata.url });
  });
  afterAll(async () => {
    client?.destroy();
    await strata?.[Symbol.asyncDispose]();
  });

  const newBucket = async () => {
    const bucket = uniqueBucketName('large');
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return bucket;
  };

  it('100 MiB streamed upload in 10 MiB parts downloads with the same SHA-256, size and ETag', async () => {
    const bucket = await newBucket();
    const size = 100 * MiB;
    const partSize = 10 * MiB;
    const tap = new HashTap(partSize);
    const body = new PassThrough({ highWaterMark: MiB });
    const generating = pipeline(seededStream('large-100', size), tap, body);
    const upload = new Upload({
      client,
      params: { Bucket: bucket, Key: 'large/100mib.bin', Body: body },
      partSize,
      queueSize: 2,
    });
    const [done] = await Promise.all([upload.done(), generating]);
    const sent = tap.result();
    expect(sent.size).toBe(size);
    expect(sent.partMd5s).toHaveLength(10);
    expect(done.ETag).toBe(multipartEtag(sent.partMd5s));

    const head = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'large/100mib.bin' }),
    );
    expect(head.ContentLength).toBe(size);
    expect(head.ETag).toBe(done.ETag);
    const got = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'large/100mib.bin' }),
    );
    expect(got.ContentLength).toBe(size);
    const received = await digestStream(got.Body as AsyncIterable<Uint8Array>);
    expect(received).toEqual({ sha256: sent.sha256, size });

    const tailStart = size - 1000;
    const tail = await client.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: 'large/100mib.bin',
        Range: `bytes=${tailStart}-`,
      }),
    );
    const tailBytes = Buffer.from(await tail.Body!.transformToByteArray());
    const expectedTail = seededSlice('large-100', tailStart, size);
    expect(tailBytes.equals(expectedTail)).toBe(true);
  });

  it('UploadPartCopy with CopySourceRange builds an object from ranges of another', async () => {
    const bucket = await newBucket();
    const source = seededBytes('copy-source', 12 * MiB);
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'src/source.bin', Body: source }),
    );
    const key = 'dst/assembled.bin';
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }),
    );
    const ranges = [
      { start: 5 * MiB, end: 10 * MiB - 1 },
      { start: 0, end: 5 * MiB - 1 },
      { start: 11 * MiB + 17, end: 12 * MiB - 1 },
    ];
    const parts = [];
    for (const [index, range] of ranges.entries()) {
      const out = await client.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          PartNumber: index + 1,
          CopySource: `${bucket}/src/source.bin`,
          CopySourceRange: `bytes=${range.start}-${range.end}`,
        }),
      );
      const slice = source.subarray(range.start, range.end + 1);
      expect(out.CopyPartResult?.ETag).toBe(`"${md5(slice)}"`);
      parts.push({ PartNumber: index + 1, ETag: out.CopyPartResult!.ETag! });
    }
    const bad = await catchS3Error(
      client.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          PartNumber: 9,
          CopySource: `${bucket}/src/source.bin`,
          CopySourceRange: `bytes=${12 * MiB}-${12 * MiB + 10}`,
        }),
      ),
    );
    // AWS: 400 InvalidArgument "Range specified is not valid for source object of size: N".
    expect(bad).toMatchObject({ name: 'InvalidArgument', status: 400 });

    const done = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    const expected = Buffer.concat(ranges.map((r) => source.subarray(r.start, r.end + 1)));
    expect(done.ETag).toBe(
      multipartEtag(ranges.map((r) => md5(source.subarray(r.start, r.end + 1)))),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(got.ContentLength).toBe(expected.length);
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(expected));
  });
});
