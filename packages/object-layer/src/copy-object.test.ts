import { describe, expect, it } from 'vitest';
import {
  blobsOf,
  bodyOf,
  createHarness,
  md5Hex,
  patternBytes,
  readAll,
  runCleanup,
  sha256,
  wrapBackend,
} from './testing/harness.js';

async function setup(options: Parameters<typeof createHarness>[0] = {}) {
  const h = await createHarness(options);
  await h.bucket('src');
  await h.bucket('dst');
  const data = patternBytes(200_000, 9);
  const { record } = await h.layer.putObject({
    bucket: 'src',
    key: 'a',
    body: bodyOf(data),
    headers: { 'content-type': 'text/plain' },
    userMetadata: { color: 'red' },
    checksums: () => ({ CRC32: 'AAAAAA==' }),
  });
  return { h, data, source: record };
}

describe('copyObject', () => {
  it('COPY keeps metadata, ETag and checksums into a fresh blob', async () => {
    const { h, data, source } = await setup();
    await using _ = h;
    const { record } = await h.layer.copyObject({
      sourceBucket: 'src',
      sourceKey: 'a',
      bucket: 'dst',
      key: 'b',
    });
    expect(record).toMatchObject({
      etag: source.etag,
      size: data.length,
      headers: { 'content-type': 'text/plain' },
      userMetadata: { color: 'red' },
      checksums: { CRC32: 'AAAAAA==' },
    });
    expect(record.copies[0]!.blob).not.toBe(source.copies[0]!.blob);
    expect(record.lastModified.getTime()).toBeGreaterThanOrEqual(source.lastModified.getTime());
    expect(sha256(await readAll((await h.layer.getObject({ bucket: 'dst', key: 'b' })).body))).toBe(
      sha256(data),
    );
    // Deleting the source does not affect the copy.
    await h.layer.deleteObject({ bucket: 'src', key: 'a' });
    await runCleanup(h.store, [h.fs]);
    expect(sha256(await readAll((await h.layer.getObject({ bucket: 'dst', key: 'b' })).body))).toBe(
      sha256(data),
    );
  });

  it('REPLACE takes the new metadata', async () => {
    const { h, source } = await setup();
    await using _ = h;
    const { record } = await h.layer.copyObject({
      sourceBucket: 'src',
      sourceKey: 'a',
      bucket: 'dst',
      key: 'b',
      metadataDirective: 'REPLACE',
      headers: { 'content-type': 'application/json' },
      userMetadata: { shape: 'round' },
    });
    expect(record).toMatchObject({
      etag: source.etag,
      headers: { 'content-type': 'application/json' },
    });
    expect(record.userMetadata).toEqual({ shape: 'round' });
  });

  it('streams through the gateway when the backend cannot copy, verifying the bytes', async () => {
    const { h, data } = await setup({ wrap: (fs) => [wrapBackend(fs, 'disk')] });
    await using _ = h;
    const { record } = await h.layer.copyObject({
      sourceBucket: 'src',
      sourceKey: 'a',
      bucket: 'dst',
      key: 'b',
    });
    expect(record.etag).toBe(md5Hex(data));
    expect(sha256(await readAll((await h.layer.getObject({ bucket: 'dst', key: 'b' })).body))).toBe(
      sha256(data),
    );
  });

  it('onto itself: illegal with COPY, allowed with REPLACE (old blob queued)', async () => {
    const { h, source } = await setup();
    await using _ = h;
    await expect(
      h.layer.copyObject({ sourceBucket: 'src', sourceKey: 'a', bucket: 'src', key: 'a' }),
    ).rejects.toMatchObject({
      code: 'InvalidRequest',
      message:
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    });
    const { record } = await h.layer.copyObject({
      sourceBucket: 'src',
      sourceKey: 'a',
      bucket: 'src',
      key: 'a',
      metadataDirective: 'REPLACE',
      userMetadata: { color: 'blue' },
    });
    expect(record.userMetadata).toEqual({ color: 'blue' });
    await runCleanup(h.store, [h.fs]);
    expect(await blobsOf(h.fs, 'src/')).toEqual([record.copies[0]!.blob]);
    expect(record.copies[0]!.blob).not.toBe(source.copies[0]!.blob);
  });

  it('missing source bucket/key, missing target bucket', async () => {
    const { h } = await setup();
    await using _ = h;
    const copy = (input: { sourceBucket: string; sourceKey: string; bucket: string }) =>
      h.layer.copyObject({ ...input, key: 'x' });
    await expect(
      copy({ sourceBucket: 'nope', sourceKey: 'a', bucket: 'dst' }),
    ).rejects.toMatchObject({
      code: 'NoSuchBucket',
    });
    await expect(
      copy({ sourceBucket: 'src', sourceKey: 'zz', bucket: 'dst' }),
    ).rejects.toMatchObject({
      code: 'NoSuchKey',
    });
    await expect(
      copy({ sourceBucket: 'src', sourceKey: 'a', bucket: 'nope' }),
    ).rejects.toMatchObject({
      code: 'NoSuchBucket',
    });
  });

  it('x-amz-copy-source-if-* answer 412 in every failing case', async () => {
    const { h, source } = await setup();
    await using _ = h;
    const past = new Date(source.lastModified.getTime() - 3600_000);
    const future = new Date(source.lastModified.getTime() + 3600_000);
    const copy = (sourceConditions: object) =>
      h.layer.copyObject({
        sourceBucket: 'src',
        sourceKey: 'a',
        bucket: 'dst',
        key: 'b',
        sourceConditions,
      });
    for (const failing of [
      { ifMatch: '"nope"' },
      { ifNoneMatch: source.etag },
      { ifModifiedSince: future },
      { ifUnmodifiedSince: past },
      { ifNoneMatch: source.etag, ifModifiedSince: past },
    ]) {
      await expect(copy(failing)).rejects.toMatchObject({
        code: 'PreconditionFailed',
        status: 412,
      });
    }
    await expect(copy({ ifMatch: source.etag, ifUnmodifiedSince: past })).resolves.toBeDefined();
    await expect(copy({ ifNoneMatch: '"other"', ifModifiedSince: past })).resolves.toBeDefined();
    expect(await h.store.intents.expire(new Date(Date.now() + 10 * 3600_000), 10)).toEqual([]);
  });

  it('honours destination write conditions', async () => {
    const { h } = await setup();
    await using _ = h;
    await h.layer.putObject({ bucket: 'dst', key: 'b', body: bodyOf('x') });
    await expect(
      h.layer.copyObject({
        sourceBucket: 'src',
        sourceKey: 'a',
        bucket: 'dst',
        key: 'b',
        conditions: { ifNoneMatch: '*' },
      }),
    ).rejects.toMatchObject({ code: 'PreconditionFailed' });
    expect(
      (await readAll((await h.layer.getObject({ bucket: 'dst', key: 'b' })).body)).toString(),
    ).toBe('x');
  });
});
