import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { listFiles } from '../support/data-dir.js';
import { catchS3Error } from '../support/s3-client.js';
import { E2E_KEY_IDS } from '../support/strata-config.js';
import { MiB, md5, md5Base64, seededBytes } from '../support/test-data.js';
import type { SdkEnv } from './sdk-env.js';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '../support/aws-sdk.js';

/** A customer key (SSE-C) as the SDK takes it (base64), and the MD5 S3 echoes for it. */
function customerKey(): { key: string; keyMd5: string } {
  const bytes = randomBytes(32);
  return { key: bytes.toString('base64'), keyMd5: md5Base64(bytes) };
}

/** The SSE-C fields of a request, for `key`. */
const ssec = (key: { key: string }) => ({
  SSECustomerAlgorithm: 'AES256',
  SSECustomerKey: key.key,
});

/** The copy-source SSE-C fields of a CopyObject, for `key`. */
const copySourceSsec = (key: { key: string }) => ({
  CopySourceSSECustomerAlgorithm: 'AES256',
  CopySourceSSECustomerKey: key.key,
});

async function bytesOf(out: { Body?: { transformToByteArray(): Promise<Uint8Array> } }) {
  return Buffer.from(await out.Body!.transformToByteArray());
}

/** What S3 answers a customer key sent over plain HTTP (before anything else is looked at). */
const OVER_HTTP = { name: 'InvalidRequest', status: 400 } as const;

/**
 * Server-side encryption as the SDK asks for it and reads it back: SSE-S3, SSE-KMS (the
 * gateway's keyring plays the KMS: `E2E_KEY_IDS`), and SSE-C, which S3 accepts over HTTPS only:
 * the http cells check the refusal. Sizes stay small: a ranged read crosses the gateway's 64 KiB
 * frames, and the one multipart upload is 5 MiB and a bit.
 */
export function defineEncryptionTests(env: () => SdkEnv): void {
  it('SSE-S3: PutObject AES256 is echoed, the ETag is the MD5; GET (whole, ranged) and HEAD show it', async () => {
    const { client } = env();
    const Bucket = await env().newBucket();
    const body = seededBytes('sse-s3', 150_000);
    const put = await client.send(
      new PutObjectCommand({ Bucket, Key: 's3', Body: body, ServerSideEncryption: 'AES256' }),
    );
    expect(put.ServerSideEncryption).toBe('AES256');
    expect(put.ETag).toBe(`"${md5(body)}"`);

    const got = await client.send(new GetObjectCommand({ Bucket, Key: 's3' }));
    expect(got.ServerSideEncryption).toBe('AES256');
    expect(got.ContentLength).toBe(body.length);
    expect((await bytesOf(got)).equals(body)).toBe(true);

    // 65,000–70,000 spans the first two 64 KiB frames.
    const ranged = await client.send(
      new GetObjectCommand({ Bucket, Key: 's3', Range: 'bytes=65000-70000' }),
    );
    expect(ranged.ContentRange).toBe(`bytes 65000-70000/${body.length}`);
    expect(ranged.ServerSideEncryption).toBe('AES256');
    expect((await bytesOf(ranged)).equals(body.subarray(65000, 70001))).toBe(true);

    const head = await client.send(new HeadObjectCommand({ Bucket, Key: 's3' }));
    expect(head).toMatchObject({
      ServerSideEncryption: 'AES256',
      ContentLength: body.length,
      ETag: `"${md5(body)}"`,
    });
  });

  it('SSE-KMS: the key id, encryption context and bucket-key flag are echoed; no key id → the current key', async () => {
    const { client } = env();
    const Bucket = await env().newBucket();
    // Not the current key: the answer must name the one the client chose.
    const SSEKMSKeyId = E2E_KEY_IDS[0];
    const SSEKMSEncryptionContext = Buffer.from(JSON.stringify({ purpose: 'e2e' })).toString(
      'base64',
    );
    const put = await client.send(
      new PutObjectCommand({
        Bucket,
        Key: 'kms',
        Body: 'kms body',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId,
        SSEKMSEncryptionContext,
        BucketKeyEnabled: true,
      }),
    );
    expect(put).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId,
      SSEKMSEncryptionContext,
      BucketKeyEnabled: true,
    });
    const got = await client.send(new GetObjectCommand({ Bucket, Key: 'kms' }));
    expect(got).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId,
      BucketKeyEnabled: true,
    });
    expect(await got.Body!.transformToString()).toBe('kms body');
    const head = await client.send(new HeadObjectCommand({ Bucket, Key: 'kms' }));
    expect(head).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId,
      BucketKeyEnabled: true,
    });

    const plainKms = await client.send(
      new PutObjectCommand({ Bucket, Key: 'current', Body: 'x', ServerSideEncryption: 'aws:kms' }),
    );
    expect(plainKms.SSEKMSKeyId).toBe(E2E_KEY_IDS.at(-1));
    expect(plainKms.BucketKeyEnabled).toBeUndefined();
  });

  it('SSE-C: PUT with the key; GET without it 400, with another 403, with it the bytes', async () => {
    const { client, transport } = env();
    const Bucket = await env().newBucket();
    const key = customerKey();
    const put = client.send(
      new PutObjectCommand({ Bucket, Key: 'c', Body: 'secret', ...ssec(key) }),
    );
    if (transport === 'http') {
      expect(await catchS3Error(put)).toMatchObject(OVER_HTTP);
      expect((await client.send(new ListObjectsV2Command({ Bucket }))).KeyCount).toBe(0);
      return;
    }
    expect(await put).toMatchObject({
      SSECustomerAlgorithm: 'AES256',
      SSECustomerKeyMD5: key.keyMd5,
    });
    const without = await catchS3Error(client.send(new GetObjectCommand({ Bucket, Key: 'c' })));
    expect(without).toMatchObject({ name: 'InvalidRequest', status: 400 });
    const other = await catchS3Error(
      client.send(new GetObjectCommand({ Bucket, Key: 'c', ...ssec(customerKey()) })),
    );
    expect(other).toMatchObject({ name: 'AccessDenied', status: 403 });
    const got = await client.send(new GetObjectCommand({ Bucket, Key: 'c', ...ssec(key) }));
    expect(got).toMatchObject({ SSECustomerAlgorithm: 'AES256', SSECustomerKeyMD5: key.keyMd5 });
    expect(await got.Body!.transformToString()).toBe('secret');
    const head = await client.send(new HeadObjectCommand({ Bucket, Key: 'c', ...ssec(key) }));
    expect(head).toMatchObject({
      SSECustomerAlgorithm: 'AES256',
      SSECustomerKeyMD5: key.keyMd5,
      ContentLength: 6,
    });
  });

  it('SSE-C multipart: the key on create, parts and complete; a ranged GET across the part boundary', async () => {
    const { client, transport } = env();
    const Bucket = await env().newBucket();
    const key = customerKey();
    const create = client.send(
      new CreateMultipartUploadCommand({ Bucket, Key: 'mp', ...ssec(key) }),
    );
    if (transport === 'http') {
      expect(await catchS3Error(create)).toMatchObject(OVER_HTTP);
      return;
    }
    const { UploadId } = await create;
    // S3's smallest non-last part, then a short last one.
    const parts = [seededBytes('ssec-part-1', 5 * MiB), seededBytes('ssec-part-2', 1000)];
    const uploaded = [];
    for (const [i, Body] of parts.entries()) {
      const part = await client.send(
        new UploadPartCommand({
          Bucket,
          Key: 'mp',
          UploadId,
          PartNumber: i + 1,
          Body,
          ...ssec(key),
        }),
      );
      expect(part.SSECustomerKeyMD5).toBe(key.keyMd5);
      uploaded.push({ PartNumber: i + 1, ETag: part.ETag! });
    }
    const done = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'mp',
        UploadId,
        MultipartUpload: { Parts: uploaded },
        ...ssec(key),
      }),
    );
    expect(done.ETag).toMatch(/-2"$/);
    const whole = Buffer.concat(parts);
    const [start, end] = [5 * MiB - 100, 5 * MiB + 99];
    const ranged = await client.send(
      new GetObjectCommand({ Bucket, Key: 'mp', Range: `bytes=${start}-${end}`, ...ssec(key) }),
    );
    expect(ranged.ContentRange).toBe(`bytes ${start}-${end}/${whole.length}`);
    expect(ranged.SSECustomerKeyMD5).toBe(key.keyMd5);
    expect((await bytesOf(ranged)).equals(whole.subarray(start, end + 1))).toBe(true);
    const without = await catchS3Error(
      client.send(new GetObjectCommand({ Bucket, Key: 'mp', Range: 'bytes=0-9' })),
    );
    expect(without).toMatchObject({ name: 'InvalidRequest', status: 400 });
  });

  it('CopyObject from an SSE-C source (CopySourceSSECustomer*) to SSE-S3', async () => {
    const { client, transport } = env();
    const Bucket = await env().newBucket();
    const key = customerKey();
    const body = seededBytes('ssec-copy', 70_000);
    const copy = () =>
      client.send(
        new CopyObjectCommand({
          Bucket,
          Key: 'copy',
          CopySource: `${Bucket}/src`,
          ...copySourceSsec(key),
          ServerSideEncryption: 'AES256',
        }),
      );
    if (transport === 'http') {
      // The copy-source key is refused as any customer key is, before the source is looked up.
      expect(await catchS3Error(copy())).toMatchObject(OVER_HTTP);
      return;
    }
    await client.send(new PutObjectCommand({ Bucket, Key: 'src', Body: body, ...ssec(key) }));
    const withoutKey = await catchS3Error(
      client.send(new CopyObjectCommand({ Bucket, Key: 'copy', CopySource: `${Bucket}/src` })),
    );
    expect(withoutKey).toMatchObject({ name: 'InvalidRequest', status: 400 });
    const copied = await copy();
    expect(copied.ServerSideEncryption).toBe('AES256');
    expect(copied.SSECustomerAlgorithm).toBeUndefined();
    expect(copied.CopyObjectResult?.ETag).toBe(`"${md5(body)}"`);
    // The copy is SSE-S3: readable without any key.
    const got = await client.send(new GetObjectCommand({ Bucket, Key: 'copy' }));
    expect(got.ServerSideEncryption).toBe('AES256');
    expect((await bytesOf(got)).equals(body)).toBe(true);
  });

  it('no plaintext of an encrypted object reaches the backend directory', async () => {
    const { client, transport, dataDir } = env();
    const Bucket = await env().newBucket();
    // Only files written from now on can hold this test's bytes: the scan skips older blobs
    // (the other tests' megabytes), with a second of slack for mtime granularity.
    const since = Date.now() - 1000;
    // Unique per test: other cells share this gateway and its disk.
    const marker = `strata-e2e-plaintext-${randomUUID()}`;
    const control = `strata-e2e-control-${randomUUID()}`;
    const body = (text: string) => Buffer.from(`${text}\n`.repeat(2000));
    await client.send(
      new PutObjectCommand({
        Bucket,
        Key: 's3',
        Body: body(marker),
        ServerSideEncryption: 'AES256',
      }),
    );
    await client.send(
      new PutObjectCommand({
        Bucket,
        Key: 'kms',
        Body: body(marker),
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: E2E_KEY_IDS[0],
      }),
    );
    if (transport === 'https') {
      await client.send(
        new PutObjectCommand({ Bucket, Key: 'c', Body: body(marker), ...ssec(customerKey()) }),
      );
    }
    // The control proves the scan sees stored bytes: an unencrypted PUT is found in plain text.
    await client.send(new PutObjectCommand({ Bucket, Key: 'plain', Body: body(control) }));

    const files = await listFiles(join(dataDir, 'objects'));
    const found = { marker: [] as string[], control: [] as string[] };
    for (const { path } of files) {
      let data: Buffer;
      try {
        if ((await stat(path)).mtimeMs < since) continue;
        data = await readFile(path);
      } catch {
        continue; // a temp file renamed or removed since the listing
      }
      if (data.includes(marker)) found.marker.push(path);
      if (data.includes(control)) found.control.push(path);
    }
    expect(found.control.length, 'the unencrypted control object on disk').toBeGreaterThan(0);
    expect(found.marker, 'files holding an encrypted object in plain text').toEqual([]);
  });
}
