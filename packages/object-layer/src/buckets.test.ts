import { describe, expect, it } from 'vitest';
import { blobsOf, bodyOf, createHarness, runCleanup } from './testing/harness.js';

describe('buckets', () => {
  it('creates, gets, lists by owner and refuses duplicates as S3 does', async () => {
    await using h = await createHarness();
    const created = await h.layer.createBucket({ name: 'photos', owner: 'alice' });
    expect(created).toMatchObject({
      name: 'photos',
      owner: 'alice',
      region: 'us-east-1',
      versioning: 'Unversioned',
    });
    await h.layer.createBucket({ name: 'eu-data', owner: 'alice', region: 'eu-west-1' });
    await h.layer.createBucket({ name: 'bobs', owner: 'bob' });
    expect((await h.layer.getBucket('eu-data')).region).toBe('eu-west-1');
    expect((await h.layer.listBuckets('alice')).map((b) => b.name)).toEqual(['eu-data', 'photos']);
    await expect(h.layer.createBucket({ name: 'photos', owner: 'alice' })).rejects.toMatchObject({
      code: 'BucketAlreadyOwnedByYou',
      status: 409,
    });
    await expect(h.layer.createBucket({ name: 'photos', owner: 'bob' })).rejects.toMatchObject({
      code: 'BucketAlreadyExists',
      status: 409,
    });
    await expect(h.layer.createBucket({ name: 'Bad..Name', owner: 'bob' })).rejects.toMatchObject({
      code: 'InvalidBucketName',
    });
    await expect(h.layer.getBucket('nope')).rejects.toMatchObject({
      code: 'NoSuchBucket',
      status: 404,
    });
  });

  it('deleteBucket: BucketNotEmpty with objects; in-progress uploads are aborted with it', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    await h.layer.putObject({ bucket: 'b01', key: 'k', body: bodyOf('x') });
    const { uploadId } = await h.layer.createMultipartUpload({
      bucket: 'b01',
      key: 'mp',
      owner: 'alice',
    });
    await h.layer.uploadPart({
      bucket: 'b01',
      key: 'mp',
      uploadId,
      partNumber: 1,
      body: bodyOf('part'),
    });
    await expect(h.layer.deleteBucket('b01')).rejects.toMatchObject({
      code: 'BucketNotEmpty',
      status: 409,
    });
    await h.layer.deleteObject({ bucket: 'b01', key: 'k' });
    await h.layer.deleteBucket('b01');
    await expect(h.layer.getBucket('b01')).rejects.toMatchObject({ code: 'NoSuchBucket' });
    expect(await h.store.uploads.get(uploadId)).toBeUndefined();
    await runCleanup(h.store, [h.fs]);
    expect(await blobsOf(h.fs)).toEqual([]);
    await expect(h.layer.deleteBucket('b01')).rejects.toMatchObject({ code: 'NoSuchBucket' });
  });
});

describe('deleteObject / deleteObjects / listObjects', () => {
  it('deletes the row and the blob; a missing key succeeds; a missing bucket does not', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    await h.layer.putObject({ bucket: 'b01', key: 'k', body: bodyOf('x') });
    await h.layer.deleteObject({ bucket: 'b01', key: 'k' });
    await expect(h.layer.headObject({ bucket: 'b01', key: 'k' })).rejects.toMatchObject({
      code: 'NoSuchKey',
    });
    expect(await blobsOf(h.fs)).toEqual([]);
    await h.layer.deleteObject({ bucket: 'b01', key: 'k' });
    await expect(h.layer.deleteObject({ bucket: 'nope', key: 'k' })).rejects.toMatchObject({
      code: 'NoSuchBucket',
    });
    // The queued job finds nothing left to do.
    expect(await runCleanup(h.store, [h.fs])).toBe(1);
  });

  it('deleteObjects reports every key in order', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const keys = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    for (const key of keys.slice(0, 15))
      await h.layer.putObject({ bucket: 'b01', key, body: bodyOf(key) });
    const objects = keys.map((key) => ({ key }));
    const entries = await h.layer.deleteObjects({ bucket: 'b01', objects });
    expect(entries).toEqual(keys.map((key) => ({ key })));
    expect((await h.layer.listObjects('b01', { maxKeys: 1000 })).objects).toEqual([]);
    expect(await blobsOf(h.fs)).toEqual([]);
    await expect(h.layer.deleteObjects({ bucket: 'nope', objects })).rejects.toMatchObject({
      code: 'NoSuchBucket',
    });
  });

  it('listObjects passes through with a clamped page size', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    for (const key of ['a/1', 'a/2', 'b', 'c'])
      await h.layer.putObject({ bucket: 'b01', key, body: bodyOf(key) });
    const page = await h.layer.listObjects('b01', { delimiter: '/', maxKeys: 2 });
    expect(page.commonPrefixes).toEqual(['a/']);
    expect(page.objects.map((o) => o.key)).toEqual(['b']);
    expect(page.isTruncated).toBe(true);
    expect((await h.layer.listObjects('b01', { maxKeys: 5000 })).objects).toHaveLength(4);
    await expect(h.layer.listObjects('nope', { maxKeys: 10 })).rejects.toMatchObject({
      code: 'NoSuchBucket',
    });
  });
});
