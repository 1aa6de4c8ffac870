import { describe, expect, it } from 'vitest';
import type { PutObjectResult } from './types.js';
import {
  blobsOf,
  bodyOf,
  createHarness,
  failingBody,
  md5Base64,
  md5Hex,
  patternBytes,
  readAll,
  runCleanup,
  sha256,
} from './testing/harness.js';

describe('putObject', () => {
  it('round-trips a few MiB byte for byte, with the MD5 ETag', async () => {
    await using h = await createHarness();
    await h.bucket('photos');
    const data = patternBytes(3 * 1024 * 1024 + 17, 1);
    const { record } = await h.layer.putObject({
      bucket: 'photos',
      key: 'dir/cat.jpg',
      body: bodyOf(data),
      contentLength: data.length,
      contentMd5: md5Base64(data),
      headers: { 'content-type': 'image/jpeg' },
      userMetadata: { owner: 'me' },
      checksums: () => ({ SHA256: 'c2hh' }),
    });
    expect(record).toMatchObject({
      size: data.length,
      etag: md5Hex(data),
      storageClass: 'STANDARD',
      parts: [],
    });
    expect(record.copies).toEqual([
      { backend: 'disk', blob: `photos/dir/cat.jpg@${record.versionId}` },
    ]);

    const got = await h.layer.getObject({ bucket: 'photos', key: 'dir/cat.jpg' });
    expect(sha256(await readAll(got.body))).toBe(sha256(data));
    expect(got.range).toBeUndefined();
    expect(got.record).toMatchObject({
      etag: md5Hex(data),
      headers: { 'content-type': 'image/jpeg' },
      userMetadata: { owner: 'me' },
      checksums: { SHA256: 'c2hh' },
    });
    // The intent is gone once committed: nothing is left for the reaper.
    expect(await h.store.intents.expire(new Date(Date.now() + 10 * 3600_000), 10)).toEqual([]);
  });

  it('stores a zero-byte object (with and without a declared length)', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const { record } = await h.layer.putObject({
      bucket: 'b01',
      key: 'empty',
      body: bodyOf(''),
      contentLength: 0,
    });
    expect(record).toMatchObject({ size: 0, etag: 'd41d8cd98f00b204e9800998ecf8427e' });
    await h.layer.putObject({ bucket: 'b01', key: 'empty2', body: bodyOf('') });
    const got = await h.layer.getObject({ bucket: 'b01', key: 'empty2' });
    expect((await readAll(got.body)).length).toBe(0);
  });

  it('overwrite: the old version is queued and exactly one live blob remains after cleanup', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const first = await h.layer.putObject({
      bucket: 'b01',
      key: 'k',
      body: bodyOf('one'),
      contentLength: 3,
    });
    const second = await h.layer.putObject({
      bucket: 'b01',
      key: 'k',
      body: bodyOf('second'),
      contentLength: 6,
    });
    expect(second.record.versionId > first.record.versionId).toBe(true);
    // Before cleanup, the old blob still exists (it is only deleted after the swap committed).
    expect(await blobsOf(h.fs, 'b01/')).toHaveLength(2);
    expect(await runCleanup(h.store, [h.fs])).toBe(1);
    expect(await blobsOf(h.fs, 'b01/')).toEqual([second.record.copies[0]!.blob]);
    expect(
      (await readAll((await h.layer.getObject({ bucket: 'b01', key: 'k' })).body)).toString(),
    ).toBe('second');
  });

  it('a body that fails mid-stream leaves no blob, no row, no intent, and the previous version intact', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    await h.layer.putObject({
      bucket: 'b01',
      key: 'k',
      body: bodyOf('previous'),
      contentLength: 8,
    });
    await expect(
      h.layer.putObject({
        bucket: 'b01',
        key: 'k',
        body: failingBody(300 * 1024),
        contentLength: 1024 * 1024,
      }),
    ).rejects.toThrow('client went away');
    await expect(
      h.layer.putObject({
        bucket: 'b01',
        key: 'new',
        body: failingBody(100 * 1024),
        contentLength: 1024 * 1024,
      }),
    ).rejects.toThrow('client went away');
    expect(await h.store.objects.get('b01', 'new')).toBeUndefined();
    expect(await blobsOf(h.fs, 'b01/')).toHaveLength(1);
    expect(
      (await readAll((await h.layer.getObject({ bucket: 'b01', key: 'k' })).body)).toString(),
    ).toBe('previous');
    expect(await h.store.intents.expire(new Date(Date.now() + 10 * 3600_000), 10)).toEqual([]);
    expect(await h.store.cleanup.stats()).toMatchObject({ pending: 0 });
  });

  it('a client abort (signal) cancels the write and cleans up', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const controller = new AbortController();
    const body = failingBody(10 * 1024 * 1024);
    setTimeout(() => controller.abort(), 5);
    await expect(
      h.layer.putObject({
        bucket: 'b01',
        key: 'k',
        body,
        contentLength: 64 * 1024 * 1024,
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    expect(body.destroyed).toBe(true);
    expect(await h.store.objects.get('b01', 'k')).toBeUndefined();
    expect(await blobsOf(h.fs)).toEqual([]);
  });

  it('Content-MD5 mismatch is BadDigest and stores nothing', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    await expect(
      h.layer.putObject({
        bucket: 'b01',
        key: 'k',
        body: bodyOf('hello'),
        contentLength: 5,
        contentMd5: md5Base64(Buffer.from('other')),
      }),
    ).rejects.toMatchObject({ code: 'BadDigest', status: 400 });
    await expect(
      h.layer.putObject({
        bucket: 'b01',
        key: 'k',
        body: bodyOf('hello'),
        contentMd5: 'not-base64',
      }),
    ).rejects.toMatchObject({ code: 'InvalidDigest' });
    expect(await h.store.objects.get('b01', 'k')).toBeUndefined();
    expect(await blobsOf(h.fs)).toEqual([]);
    expect(await h.store.intents.expire(new Date(Date.now() + 10 * 3600_000), 10)).toEqual([]);
  });

  it('a body shorter than Content-Length is IncompleteBody; a longer one fails too', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    await expect(
      h.layer.putObject({ bucket: 'b01', key: 'k', body: bodyOf('abc'), contentLength: 10 }),
    ).rejects.toMatchObject({ code: 'IncompleteBody' });
    await expect(
      h.layer.putObject({ bucket: 'b01', key: 'k', body: bodyOf('abcdef'), contentLength: 2 }),
    ).rejects.toMatchObject({ code: 'IncompleteBody' });
    expect(await blobsOf(h.fs)).toEqual([]);
  });

  it('validates key length, metadata size, declared size and the bucket before reading the body', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const cases: [Parameters<typeof h.layer.putObject>[0], string][] = [
      [{ bucket: 'b01', key: 'é'.repeat(513), body: bodyOf('x') }, 'KeyTooLongError'],
      [
        { bucket: 'b01', key: 'k', body: bodyOf('x'), userMetadata: { big: 'v'.repeat(2046) } },
        'MetadataTooLarge',
      ],
      [
        { bucket: 'b01', key: 'k', body: bodyOf('x'), contentLength: 5 * 1024 ** 3 + 1 },
        'EntityTooLarge',
      ],
      [{ bucket: 'nope', key: 'k', body: bodyOf('x') }, 'NoSuchBucket'],
    ];
    for (const [input, code] of cases) {
      await expect(h.layer.putObject(input)).rejects.toMatchObject({ code });
      expect(input.body.destroyed).toBe(true);
    }
    // Exactly at the limits is fine.
    await h.layer.putObject({
      bucket: 'b01',
      key: 'k'.repeat(1024),
      body: bodyOf('x'),
      userMetadata: { ab: 'v'.repeat(2046) },
    });
  });

  it('If-None-Match: * refuses an existing key before reading the body', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    await h.layer.putObject({
      bucket: 'b01',
      key: 'k',
      body: bodyOf('v1'),
      conditions: { ifNoneMatch: '*' },
    });
    const body = bodyOf('v2');
    await expect(
      h.layer.putObject({ bucket: 'b01', key: 'k', body, conditions: { ifNoneMatch: '*' } }),
    ).rejects.toMatchObject({ code: 'PreconditionFailed', status: 412 });
    expect(body.readableEnded).toBe(false);
    expect(await blobsOf(h.fs)).toHaveLength(1);
  });

  it('10 concurrent If-None-Match: * puts of one key: exactly one wins, the others get 412', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        h.layer.putObject({
          bucket: 'b01',
          key: 'race',
          body: bodyOf(patternBytes(256 * 1024, i + 1)),
          conditions: { ifNoneMatch: '*' },
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    for (const r of lost) expect(r.reason).toMatchObject({ code: 'PreconditionFailed' });
    const winner = (won[0] as PromiseFulfilledResult<PutObjectResult>).value;
    expect((await h.store.objects.get('b01', 'race'))?.etag).toBe(winner.record.etag);
    // The losers' blobs were deleted; only the winner's remains.
    expect(await blobsOf(h.fs)).toEqual([winner.record.copies[0]!.blob]);
  });

  it('If-Match: writes on a matching ETag, 412 on a mismatch, 404 NoSuchKey on a missing key', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const { record } = await h.layer.putObject({ bucket: 'b01', key: 'k', body: bodyOf('v1') });
    await h.layer.putObject({
      bucket: 'b01',
      key: 'k',
      body: bodyOf('v2'),
      conditions: { ifMatch: `"${record.etag}"` },
    });
    await expect(
      h.layer.putObject({
        bucket: 'b01',
        key: 'k',
        body: bodyOf('v3'),
        conditions: { ifMatch: record.etag },
      }),
    ).rejects.toMatchObject({ code: 'PreconditionFailed' });
    await expect(
      h.layer.putObject({
        bucket: 'b01',
        key: 'missing',
        body: bodyOf('v3'),
        conditions: { ifMatch: record.etag },
      }),
    ).rejects.toMatchObject({ code: 'NoSuchKey', status: 404 });
    expect(
      (await readAll((await h.layer.getObject({ bucket: 'b01', key: 'k' })).body)).toString(),
    ).toBe('v2');
  });

  it('If-Match races: of concurrent writers holding the same ETag exactly one wins', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const { record } = await h.layer.putObject({ bucket: 'b01', key: 'k', body: bodyOf('base') });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        h.layer.putObject({
          bucket: 'b01',
          key: 'k',
          body: bodyOf(`w${i}`),
          conditions: { ifMatch: record.etag },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect(r.reason).toMatchObject({ code: 'PreconditionFailed' });
    }
  });
});
