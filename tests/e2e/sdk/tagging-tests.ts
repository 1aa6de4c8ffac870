import { expect, it } from 'vitest';
import { catchS3Error } from '../support/s3-client.js';
import type { SdkEnv } from './sdk-env.js';
import {
  CopyObjectCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectTaggingCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from '../support/aws-sdk.js';

/** Object and bucket tags as the SDK sends and reads them. */
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
}
