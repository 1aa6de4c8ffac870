import { request } from 'undici';
import { expect, it } from 'vitest';
import { catchS3Error } from '../support/s3-client.js';
import type { SdkEnv } from './sdk-env.js';
import {
  CopyObjectCommand,
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  PutBucketCorsCommand,
  DeleteBucketEncryptionCommand,
  GetBucketEncryptionCommand,
  PutBucketEncryptionCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectTaggingCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from '../support/aws-sdk.js';

/**
 * Object and bucket tags, bucket CORS rules and bucket default encryption, as the SDK sends and
 * reads them.
 */
export function defineTaggingTests(env: () => SdkEnv): void {
  it('object tags: Tagging on PutObject, TagCount on GetObject, Put/Get/DeleteObjectTagging, copy', async () => {
    const { client } = env();
    const Bucket = await env().newBucket();
    await client.send(
      new PutObjectCommand({ Bucket, Key: 'o', Body: 'x', Tagging: 'team=data&note=two words' }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket, Key: 'o' }));
    expect(got.TagCount).toBe(2);
    await got.Body?.transformToString();
    expect((await client.send(new GetObjectTaggingCommand({ Bucket, Key: 'o' }))).TagSet).toEqual([
      { Key: 'team', Value: 'data' },
      { Key: 'note', Value: 'two words' },
    ]);
    await client.send(
      new PutObjectTaggingCommand({
        Bucket,
        Key: 'o',
        Tagging: { TagSet: [{ Key: 'ünï', Value: 'v:1/2' }] },
      }),
    );
    expect((await client.send(new GetObjectTaggingCommand({ Bucket, Key: 'o' }))).TagSet).toEqual([
      { Key: 'ünï', Value: 'v:1/2' },
    ]);
    await client.send(
      new CopyObjectCommand({
        Bucket,
        Key: 'copy',
        CopySource: `${Bucket}/o`,
        TaggingDirective: 'REPLACE',
        Tagging: 'copied=yes',
      }),
    );
    expect(
      (await client.send(new GetObjectTaggingCommand({ Bucket, Key: 'copy' }))).TagSet,
    ).toEqual([{ Key: 'copied', Value: 'yes' }]);
    await client.send(new DeleteObjectTaggingCommand({ Bucket, Key: 'o' }));
    expect((await client.send(new GetObjectTaggingCommand({ Bucket, Key: 'o' }))).TagSet).toEqual(
      [],
    );
    const tooMany = await catchS3Error(
      client.send(
        new PutObjectTaggingCommand({
          Bucket,
          Key: 'o',
          Tagging: {
            TagSet: Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })),
          },
        }),
      ),
    );
    expect(tooMany).toMatchObject({ name: 'BadRequest', status: 400 });
  });

  it('bucket tags: Put/Get/DeleteBucketTagging; NoSuchTagSet without', async () => {
    const { client } = env();
    const Bucket = await env().newBucket();
    const TagSet = [
      { Key: 'env', Value: 'prod' },
      { Key: 'owner', Value: 'team-a' },
    ];
    await client.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet } }));
    expect((await client.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual(TagSet);
    await client.send(new DeleteBucketTaggingCommand({ Bucket }));
    const none = await catchS3Error(client.send(new GetBucketTaggingCommand({ Bucket })));
    expect(none).toMatchObject({ name: 'NoSuchTagSet', status: 404 });
    const reserved = await catchS3Error(
      client.send(
        new PutBucketTaggingCommand({
          Bucket,
          Tagging: { TagSet: [{ Key: 'aws:x', Value: '1' }] },
        }),
      ),
    );
    expect(reserved).toMatchObject({ name: 'InvalidTag', status: 400 });
  });

  it('bucket CORS: Put/Get/DeleteBucketCors, then a preflight answered from the rules', async () => {
    const { client, endpoint, dispatcher, style } = env();
    const Bucket = await env().newBucket();
    const CORSRules = [
      {
        ID: 'browser-uploads',
        AllowedOrigins: ['https://app.example.com'],
        AllowedMethods: ['PUT', 'POST'],
        AllowedHeaders: ['*'],
        ExposeHeaders: ['ETag'],
        MaxAgeSeconds: 300,
      },
    ];
    await client.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules } }));
    expect((await client.send(new GetBucketCorsCommand({ Bucket }))).CORSRules).toEqual(CORSRules);
    const url =
      style === 'virtual'
        ? endpoint.replace('://', `://${Bucket}.`) + '/upload.bin'
        : `${endpoint}/${Bucket}/upload.bin`;
    const res = await request(url, {
      method: 'OPTIONS',
      dispatcher,
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    await res.body.dump();
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(res.headers['access-control-expose-headers']).toBe('ETag');
    await client.send(new DeleteBucketCorsCommand({ Bucket }));
    const none = await catchS3Error(client.send(new GetBucketCorsCommand({ Bucket })));
    expect(none).toMatchObject({ name: 'NoSuchCORSConfiguration', status: 404 });
  });

  it('bucket default encryption: Put/Get round trip, a plain PUT is then AES256; Delete → not found', async () => {
    const { client } = env();
    const Bucket = await env().newBucket();
    // The gateway under test has `encryption.keys`, so the rule is stored and honoured.
    const ServerSideEncryptionConfiguration = {
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' as const } }],
    };
    const put = await client.send(
      new PutBucketEncryptionCommand({ Bucket, ServerSideEncryptionConfiguration }),
    );
    expect(put.$metadata.httpStatusCode).toBe(200);
    const got = await client.send(new GetBucketEncryptionCommand({ Bucket }));
    expect(got.ServerSideEncryptionConfiguration).toEqual(ServerSideEncryptionConfiguration);
    const plain = await client.send(new PutObjectCommand({ Bucket, Key: 'o', Body: 'x' }));
    expect(plain.ServerSideEncryption).toBe('AES256');
    const head = await client.send(new HeadObjectCommand({ Bucket, Key: 'o' }));
    expect(head.ServerSideEncryption).toBe('AES256');

    const deleted = await client.send(new DeleteBucketEncryptionCommand({ Bucket }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const none = await catchS3Error(client.send(new GetBucketEncryptionCommand({ Bucket })));
    expect(none).toMatchObject({
      name: 'ServerSideEncryptionConfigurationNotFoundError',
      status: 404,
    });
    // Without a rule a plain PUT is stored in plain text: Strata claims no AES256 default.
    const after = await client.send(new PutObjectCommand({ Bucket, Key: 'p', Body: 'x' }));
    expect(after.ServerSideEncryption).toBeUndefined();
  });
}
