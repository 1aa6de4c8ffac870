import { expect, it } from 'vitest';
import { catchS3Error } from '../support/s3-client.js';
import { MiB, md5, multipartEtag, partMd5s, seededBytes, sha256 } from '../support/test-data.js';
import type { SdkEnv } from './sdk-env.js';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
  Upload,
} from '../support/aws-sdk.js';

/** Multipart uploads through lib-storage and the low-level operations. */
export function defineMultipartTests(env: () => SdkEnv): void {
  it('lib-storage Upload of 12 MiB in 5 MiB parts: ETag "-3", bytes intact, GET partNumber', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    const data = seededBytes('upload-12', 12 * MiB);
    const upload = new Upload({
      client,
      params: {
        Bucket: bucket,
        Key: 'big/upload.bin',
        Body: data,
        ContentType: 'application/x-test',
      },
      partSize: 5 * MiB,
      queueSize: 2,
    });
    const done = await upload.done();
    const etag = multipartEtag(partMd5s(data, 5 * MiB));
    expect(etag.endsWith('-3"')).toBe(true);
    expect(done.ETag).toBe(etag);

    const head = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'big/upload.bin' }),
    );
    expect(head.ContentLength).toBe(12 * MiB);
    expect(head.ETag).toBe(etag);
    expect(head.ContentType).toBe('application/x-test');
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'big/upload.bin' }));
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(data));

    const part2 = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'big/upload.bin', PartNumber: 2 }),
    );
    expect(part2.$metadata.httpStatusCode).toBe(206);
    expect(part2.PartsCount).toBe(3);
    expect(part2.ContentRange).toBe(`bytes ${5 * MiB}-${10 * MiB - 1}/${12 * MiB}`);
    expect(sha256(await part2.Body!.transformToByteArray())).toBe(
      sha256(data.subarray(5 * MiB, 10 * MiB)),
    );
  });

  it('lib-storage Upload at its 5 MiB part size ± 1 byte: one PUT under, two parts over', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    for (const [size, parts] of [
      [5 * MiB - 1, 0],
      [5 * MiB, 0],
      [5 * MiB + 1, 2],
    ] as const) {
      const data = seededBytes(`threshold-${size}`, size);
      const key = `threshold/${size}`;
      await new Upload({
        client,
        params: { Bucket: bucket, Key: key, Body: data },
        partSize: 5 * MiB,
      }).done();
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      expect(head.ContentLength).toBe(size);
      // lib-storage sends a body that fits in one part as a single PutObject (a plain MD5 ETag).
      expect(head.ETag).toBe(
        parts === 0 ? `"${md5(data)}"` : multipartEtag(partMd5s(data, 5 * MiB)),
      );
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(data));
    }
  });

  it('ListParts, ListMultipartUploads, then Abort → NoSuchUpload', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    const key = 'mpu/parts.bin';
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }),
    );
    expect(UploadId).toMatch(/\S/);
    const p1 = seededBytes('p1', 5 * MiB);
    const p2 = seededBytes('p2', 1024);
    const up1 = await client.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: p1 }),
    );
    const up2 = await client.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 2, Body: p2 }),
    );
    expect(up1.ETag).toBe(`"${md5(p1)}"`);
    expect(up2.ETag).toBe(`"${md5(p2)}"`);

    const parts = await client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId }));
    expect(parts.UploadId).toBe(UploadId);
    expect(parts.Key).toBe(key);
    expect(parts.Parts?.map((p) => ({ n: p.PartNumber, size: p.Size, etag: p.ETag }))).toEqual([
      { n: 1, size: 5 * MiB, etag: up1.ETag },
      { n: 2, size: 1024, etag: up2.ETag },
    ]);
    const firstPage = await client.send(
      new ListPartsCommand({ Bucket: bucket, Key: key, UploadId, MaxParts: 1 }),
    );
    expect(firstPage.Parts?.map((p) => p.PartNumber)).toEqual([1]);
    expect(firstPage.IsTruncated).toBe(true);
    expect(String(firstPage.NextPartNumberMarker)).toBe('1');
    const secondPage = await client.send(
      new ListPartsCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumberMarker: firstPage.NextPartNumberMarker,
      }),
    );
    expect(secondPage.Parts?.map((p) => p.PartNumber)).toEqual([2]);
    expect(secondPage.IsTruncated).toBe(false);

    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(uploads.Uploads?.map((u) => ({ key: u.Key, id: u.UploadId }))).toEqual([
      { key, id: UploadId },
    ]);
    expect(uploads.Uploads![0]!.Initiated).toBeInstanceOf(Date);
    const filtered = await client.send(
      new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'other/' }),
    );
    expect(filtered.Uploads ?? []).toEqual([]);

    const aborted = await client.send(
      new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }),
    );
    expect(aborted.$metadata.httpStatusCode).toBe(204);
    for (const call of [
      () => client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId })),
      () =>
        client.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: key,
            UploadId,
            PartNumber: 3,
            Body: 'late',
          }),
        ),
    ]) {
      expect(await catchS3Error(call())).toMatchObject({ name: 'NoSuchUpload', status: 404 });
    }
    const after = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(after.Uploads ?? []).toEqual([]);
    expect(
      await catchS3Error(client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))),
    ).toMatchObject({
      name: 'NoSuchKey',
      status: 404,
    });
  });

  it('CompleteMultipartUpload rejects a wrong ETag and a small part, then completes', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    const key = 'mpu/complete.bin';
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }),
    );
    const small = seededBytes('small', 1024);
    const big = seededBytes('big', 5 * MiB);
    const tail = seededBytes('tail', 10);
    const e1 = (
      await client.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: small }),
      )
    ).ETag;
    const e2 = (
      await client.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 2, Body: big }),
      )
    ).ETag;
    const e3 = (
      await client.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 3, Body: tail }),
      )
    ).ETag;
    const complete = (parts: { PartNumber: number; ETag: string | undefined }[]) =>
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );

    const wrongEtag = await catchS3Error(
      complete([{ PartNumber: 2, ETag: `"${'0'.repeat(32)}"` }]),
    );
    expect(wrongEtag).toMatchObject({ name: 'InvalidPart', status: 400 });
    const tooSmall = await catchS3Error(
      complete([
        { PartNumber: 1, ETag: e1 },
        { PartNumber: 3, ETag: e3 },
      ]),
    );
    expect(tooSmall).toMatchObject({ name: 'EntityTooSmall', status: 400 });
    // A failed Complete leaves the upload usable.
    const done = await complete([
      { PartNumber: 2, ETag: e2 },
      { PartNumber: 3, ETag: e3 },
    ]);
    expect(done.ETag).toBe(multipartEtag([md5(big), md5(tail)]));
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(Buffer.concat([big, tail])));
  });
}
