import { expect, it } from 'vitest';
import { catchS3Error } from '../support/s3-client.js';
import type { SdkEnv } from './sdk-env.js';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from '../support/aws-sdk.js';

/**
 * Bucket versioning as the SDK drives it: version ids on writes, reads and deletes, delete
 * markers, ListObjectVersions paging, DeleteObjects by version.
 */
export function defineVersioningTests(env: () => SdkEnv): void {
  it('versions every write, reads each by id, hides a deleted key behind a marker and undeletes it', async () => {
    const { client } = env();
    const Bucket = await env().newBucket();
    expect((await client.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBeUndefined();
    await client.send(
      new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    expect((await client.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');

    const v1 = await client.send(new PutObjectCommand({ Bucket, Key: 'doc', Body: 'one' }));
    const v2 = await client.send(new PutObjectCommand({ Bucket, Key: 'doc', Body: 'two' }));
    expect(v1.VersionId).toMatch(/^[0-9A-Z]{26}$/);
    expect(v2.VersionId).not.toBe(v1.VersionId);
    const old = await client.send(
      new GetObjectCommand({ Bucket, Key: 'doc', VersionId: v1.VersionId }),
    );
    expect(old.VersionId).toBe(v1.VersionId);
    expect(await old.Body?.transformToString()).toBe('one');
    const head = await client.send(new HeadObjectCommand({ Bucket, Key: 'doc' }));
    expect(head.VersionId).toBe(v2.VersionId);

    const deleted = await client.send(new DeleteObjectCommand({ Bucket, Key: 'doc' }));
    expect(deleted.DeleteMarker).toBe(true);
    expect(deleted.VersionId).toMatch(/^[0-9A-Z]{26}$/);
    expect(
      await catchS3Error(client.send(new GetObjectCommand({ Bucket, Key: 'doc' }))),
    ).toMatchObject({ name: 'NoSuchKey', status: 404 });
    expect(
      await catchS3Error(
        client.send(new HeadObjectCommand({ Bucket, Key: 'doc', VersionId: deleted.VersionId })),
      ),
    ).toMatchObject({ status: 405 });
    expect(
      await catchS3Error(
        client.send(
          new GetObjectCommand({ Bucket, Key: 'doc', VersionId: '0000000000ABCDEFGHJKMNPQRS' }),
        ),
      ),
    ).toMatchObject({ name: 'NoSuchVersion', status: 404 });

    const listed = await client.send(new ListObjectVersionsCommand({ Bucket }));
    expect(listed.DeleteMarkers).toEqual([
      expect.objectContaining({ Key: 'doc', VersionId: deleted.VersionId, IsLatest: true }),
    ]);
    expect(listed.Versions?.map((v) => [v.VersionId, v.IsLatest, v.Size])).toEqual([
      [v2.VersionId, false, 3],
      [v1.VersionId, false, 3],
    ]);

    const undone = await client.send(
      new DeleteObjectCommand({ Bucket, Key: 'doc', VersionId: deleted.VersionId }),
    );
    expect(undone).toMatchObject({ DeleteMarker: true, VersionId: deleted.VersionId });
    const back = await client.send(new GetObjectCommand({ Bucket, Key: 'doc' }));
    expect(await back.Body?.transformToString()).toBe('two');
  });

  it('copies an old version, deletes versions in a batch and pages the listing', async () => {
    const { client } = env();
    const Bucket = await env().newBucket();
    await client.send(
      new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    const ids: string[] = [];
    for (const body of ['a', 'bb', 'ccc']) {
      ids.push(
        (await client.send(new PutObjectCommand({ Bucket, Key: 'k', Body: body }))).VersionId!,
      );
    }
    const copy = await client.send(
      new CopyObjectCommand({ Bucket, Key: 'copy', CopySource: `${Bucket}/k?versionId=${ids[0]}` }),
    );
    expect(copy.CopySourceVersionId).toBe(ids[0]);
    expect(copy.VersionId).toMatch(/^[0-9A-Z]{26}$/);
    const copied = await client.send(new GetObjectCommand({ Bucket, Key: 'copy' }));
    expect(await copied.Body?.transformToString()).toBe('a');
    const tagged = await client.send(
      new PutObjectTaggingCommand({
        Bucket,
        Key: 'k',
        VersionId: ids[0],
        Tagging: { TagSet: [{ Key: 'old', Value: 'yes' }] },
      }),
    );
    expect(tagged.VersionId).toBe(ids[0]);
    const tagsOf = async (VersionId?: string) =>
      (await client.send(new GetObjectTaggingCommand({ Bucket, Key: 'k', VersionId }))).TagSet;
    expect(await tagsOf(ids[0])).toEqual([{ Key: 'old', Value: 'yes' }]);
    expect(await tagsOf()).toEqual([]);

    const pages: string[][] = [];
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    for (;;) {
      const page = await client.send(
        new ListObjectVersionsCommand({ Bucket, MaxKeys: 2, KeyMarker, VersionIdMarker }),
      );
      pages.push((page.Versions ?? []).map((v) => `${v.Key}:${v.VersionId}`));
      if (!page.IsTruncated) break;
      KeyMarker = page.NextKeyMarker;
      VersionIdMarker = page.NextVersionIdMarker;
    }
    expect(pages.flat()).toEqual([
      `copy:${copy.VersionId}`,
      `k:${ids[2]}`,
      `k:${ids[1]}`,
      `k:${ids[0]}`,
    ]);
    expect(pages).toHaveLength(2);

    const result = await client.send(
      new DeleteObjectsCommand({
        Bucket,
        Delete: {
          Objects: [
            { Key: 'k', VersionId: ids[2] },
            { Key: 'k', VersionId: ids[1] },
            { Key: 'copy' },
          ],
        },
      }),
    );
    expect(result.Errors ?? []).toEqual([]);
    expect(result.Deleted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Key: 'k', VersionId: ids[2] }),
        expect.objectContaining({ Key: 'copy', DeleteMarker: true }),
      ]),
    );
    const current = await client.send(new GetObjectCommand({ Bucket, Key: 'k' }));
    expect(current.VersionId).toBe(ids[0]);
    expect(await current.Body?.transformToString()).toBe('a');
  });

  it('conditional deletes: If-Match on DeleteObject and ETag per entry in DeleteObjects', async () => {
    const { client } = env();
    const Bucket = await env().newBucket();
    const put = await client.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' }));
    await client.send(new PutObjectCommand({ Bucket, Key: 'j', Body: 'y' }));
    expect(
      await catchS3Error(
        client.send(new DeleteObjectCommand({ Bucket, Key: 'k', IfMatch: '"0"' })),
      ),
    ).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    await client.send(new DeleteObjectCommand({ Bucket, Key: 'k', IfMatch: put.ETag }));
    expect(
      await catchS3Error(client.send(new DeleteObjectCommand({ Bucket, Key: 'k', IfMatch: '*' }))),
    ).toMatchObject({ name: 'NoSuchKey', status: 404 });
    const batch = await client.send(
      new DeleteObjectsCommand({
        Bucket,
        Delete: { Objects: [{ Key: 'j', ETag: '"0"' }] },
      }),
    );
    expect(batch.Errors).toEqual([
      expect.objectContaining({ Key: 'j', Code: 'PreconditionFailed' }),
    ]);
    const kept = await client.send(new GetObjectCommand({ Bucket, Key: 'j' }));
    expect(await kept.Body?.transformToString()).toBe('y');
  });

  it('refuses MFA delete and a malformed version id', async () => {
    const { client } = env();
    const Bucket = await env().newBucket();
    expect(
      await catchS3Error(
        client.send(
          new PutBucketVersioningCommand({
            Bucket,
            VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' },
          }),
        ),
      ),
    ).toMatchObject({ status: 501 });
    await client.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' }));
    expect(
      await catchS3Error(
        client.send(new GetObjectCommand({ Bucket, Key: 'k', VersionId: 'nope' })),
      ),
    ).toMatchObject({ name: 'InvalidArgument', status: 400 });
    // Unversioned, the object is the null version.
    const nullVersion = await client.send(
      new GetObjectCommand({ Bucket, Key: 'k', VersionId: 'null' }),
    );
    expect(await nullVersion.Body?.transformToString()).toBe('x');
    expect(nullVersion.VersionId).toBeUndefined();
    // Once versioning is configured, reads name it `null`; a Suspended write's answer does not.
    await client.send(
      new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Suspended' } }),
    );
    expect((await client.send(new HeadObjectCommand({ Bucket, Key: 'k' }))).VersionId).toBe('null');
    const suspended = await client.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'y' }));
    expect(suspended.VersionId).toBeUndefined();
    const read = await client.send(new GetObjectCommand({ Bucket, Key: 'k' }));
    expect(read.VersionId).toBe('null');
    expect(await read.Body?.transformToString()).toBe('y');
  });
}
