import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { PutObjectCommandInput, ServerSideEncryption } from '@aws-sdk/client-s3';
import { catchS3Error, uniqueBucketName } from '../support/s3-client.js';
import { TEST_CREDENTIALS } from '../support/strata-process.js';
import type { SdkEnv } from './sdk-env.js';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketCorsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  GetBucketAccelerateConfigurationCommand,
  PutObjectCommand,
} from '../support/aws-sdk.js';

/** S3 error codes and statuses as the SDK surfaces them. */
export function defineErrorTests(env: () => SdkEnv): void {
  it('missing key → NoSuchKey (GET) / 404 (HEAD); key over 1024 bytes → KeyTooLongError', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    const get = await catchS3Error(
      client.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing' })),
    );
    expect(get).toMatchObject({ name: 'NoSuchKey', status: 404 });
    const head = await catchS3Error(
      client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'missing' })),
    );
    expect(head).toMatchObject({ name: 'NotFound', status: 404 });
    const tooLong = await catchS3Error(
      client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k'.repeat(1025), Body: 'x' })),
    );
    expect(tooLong).toMatchObject({ name: 'KeyTooLongError', status: 400 });
  });

  it('missing bucket → NoSuchBucket', async () => {
    const { client } = env();
    const bucket = uniqueBucketName('sdk-missing');
    for (const call of [
      () => client.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })),
      () => client.send(new ListObjectsV2Command({ Bucket: bucket })),
      () => client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' })),
    ]) {
      expect(await catchS3Error(call())).toMatchObject({ name: 'NoSuchBucket', status: 404 });
    }
    const head = await catchS3Error(client.send(new HeadBucketCommand({ Bucket: bucket })));
    expect(head).toMatchObject({ name: 'NotFound', status: 404 });
  });

  it('wrong secret → SignatureDoesNotMatch; unknown key id → InvalidAccessKeyId', async () => {
    const bucket = await env().newBucket();
    const wrongSecret = env().clientWith({
      credentials: { ...TEST_CREDENTIALS, secretAccessKey: 'not-the-right-secret-key-0000' },
    });
    const unknownKey = env().clientWith({
      credentials: { ...TEST_CREDENTIALS, accessKeyId: 'AKIDUNKNOWN000000000' },
    });
    try {
      const list = await catchS3Error(
        wrongSecret.send(new ListObjectsV2Command({ Bucket: bucket })),
      );
      expect(list).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
      const put = await catchS3Error(
        wrongSecret.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' })),
      );
      expect(put).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
      const unknown = await catchS3Error(
        unknownKey.send(new ListObjectsV2Command({ Bucket: bucket })),
      );
      expect(unknown).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
    } finally {
      wrongSecret.destroy();
      unknownKey.destroy();
    }
    const listed = await env().client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.KeyCount).toBe(0);
  });

  it('DeleteBucket: BucketNotEmpty while objects remain, then 204 and gone', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a', Body: 'a' }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'b/c', Body: 'c' }));
    const notEmpty = await catchS3Error(client.send(new DeleteBucketCommand({ Bucket: bucket })));
    expect(notEmpty).toMatchObject({ name: 'BucketNotEmpty', status: 409 });
    await client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: [{ Key: 'a' }, { Key: 'b/c' }] },
      }),
    );
    const deleted = await client.send(new DeleteBucketCommand({ Bucket: bucket }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const head = await catchS3Error(client.send(new HeadBucketCommand({ Bucket: bucket })));
    expect(head.status).toBe(404);
  });

  it('unconfigured bucket sub-resources answer the not-found errors AWS uses', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    const cases = [
      [() => client.send(new GetBucketPolicyCommand({ Bucket: bucket })), 'NoSuchBucketPolicy'],
      [() => client.send(new GetBucketTaggingCommand({ Bucket: bucket })), 'NoSuchTagSet'],
      [() => client.send(new GetBucketCorsCommand({ Bucket: bucket })), 'NoSuchCORSConfiguration'],
      [
        () => client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })),
        'NoSuchLifecycleConfiguration',
      ],
    ] as const;
    for (const [call, code] of cases) {
      expect(await catchS3Error(call()), code).toMatchObject({ name: code, status: 404 });
    }
    const missing = uniqueBucketName('sdk-missing');
    const noBucket = await catchS3Error(
      client.send(new GetBucketPolicyCommand({ Bucket: missing })),
    );
    expect(noBucket).toMatchObject({ name: 'NoSuchBucket', status: 404 });
  });

  it('operations Strata does not implement → 501 NotImplemented', async () => {
    const { client } = env();
    const bucket = await env().newBucket();
    const accelerate = await catchS3Error(
      client.send(new GetBucketAccelerateConfigurationCommand({ Bucket: bucket })),
    );
    expect(accelerate).toMatchObject({ name: 'NotImplemented', status: 501 });
    // A policy is served, and one that says nothing is refused for what it lacks.
    const policy = await catchS3Error(
      client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: '{}' })),
    );
    expect(policy).toMatchObject({ name: 'MalformedPolicy', status: 400 });
  });

  it('refused encryption requests store nothing: SSE-C over http, an unknown method or KMS key', async () => {
    const { client, transport } = env();
    const bucket = await env().newBucket();
    const put = (fields: Partial<PutObjectCommandInput>) =>
      catchS3Error(
        client.send(new PutObjectCommand({ Bucket: bucket, Key: 'sse', Body: 'x', ...fields })),
      );
    if (transport === 'http') {
      // A customer key over plain HTTP is refused as S3 refuses it, before anything else is
      // looked at (over https it is accepted: see the server-side encryption tests).
      const sseC = await put({
        SSECustomerAlgorithm: 'AES256',
        SSECustomerKey: randomBytes(32).toString('base64'),
      });
      expect(sseC).toMatchObject({ name: 'InvalidRequest', status: 400 });
    }
    const method = await put({ ServerSideEncryption: 'AES512' as ServerSideEncryption });
    expect(method).toMatchObject({ name: 'InvalidArgument', status: 400 });
    // The gateway's keyring plays the KMS: a key id it does not hold is S3's unknown KMS key.
    const kms = await put({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'no-such-key' });
    expect(kms).toMatchObject({ name: 'KMS.NotFoundException', status: 400 });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.KeyCount).toBe(0);
  });
}
