import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  blobsOf,
  bodyOf,
  createHarness,
  md5Base64,
  md5Hex,
  patternBytes,
  readAll,
  runCleanup,
  sha256,
  type Harness,
} from '../testing/harness.js';

const MiB = 1024 * 1024;

async function startUpload(h: Harness, key = 'big') {
  const { uploadId } = await h.layer.createMultipartUpload({
    bucket: 'b01',
    key,
    owner: 'alice',
    headers: { 'content-type': 'video/mp4' },
    userMetadata: { take: '2' },
  });
  return uploadId;
}

async function put(h: Harness, uploadId: string, partNumber: number, data: Buffer, key = 'big') {
  return h.layer.uploadPart({
    bucket: 'b01',
    key,
    uploadId,
    partNumber,
    body: bodyOf(data),
    contentLength: data.length,
  });
}

describe('multipart uploads', () => {
  it('completes 5 MiB + 5 MiB + 1 byte into exact bytes with the md5-of-md5s ETag', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const uploadId = await startUpload(h);
    expect(uploadId).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    const parts = [patternBytes(5 * MiB, 1), patternBytes(5 * MiB, 2), Buffer.from('z')];
    const etags: string[] = [];
    // Uploaded out of order, and part 2 twice (the second upload replaces the first).
    await put(h, uploadId, 2, patternBytes(5 * MiB, 99));
    for (const [i, data] of [...parts.entries()].reverse()) {
      const result = await h.layer.uploadPart({
        bucket: 'b01',
        key: 'big',
        uploadId,
        partNumber: i + 1,
        body: bodyOf(data),
        contentLength: data.length,
        contentMd5: md5Base64(data),
      });
      expect(result.etag).toBe(md5Hex(data));
      etags[i] = result.etag;
    }
    const expectedEtag =
      createHash('md5')
        .update(Buffer.concat(parts.map((p) => createHash('md5').update(p).digest())))
        .digest('hex') + '-3';
    const { record } = await h.layer.completeMultipartUpload({
      bucket: 'b01',
      key: 'big',
      uploadId,
      parts: etags.map((etag, i) => ({ partNumber: i + 1, etag: `"${etag}"` })),
    });
    expect(record).toMatchObject({
      etag: expectedEtag,
      size: 10 * MiB + 1,
      headers: { 'content-type': 'video/mp4' },
      userMetadata: { take: '2' },
    });
    expect(record.parts.map((p) => p.size)).toEqual([5 * MiB, 5 * MiB, 1]);
    const got = await h.layer.getObject({ bucket: 'b01', key: 'big' });
    expect(sha256(await readAll(got.body))).toBe(sha256(Buffer.concat(parts)));
    // ?partNumber=2 serves exactly the second part, with the part count.
    const part2 = await h.layer.getObject({ bucket: 'b01', key: 'big', partNumber: 2 });
    expect(part2.range).toEqual({ start: 5 * MiB, end: 10 * MiB - 1 });
    expect(part2.partsCount).toBe(3);
    expect(sha256(await readAll(part2.body))).toBe(sha256(parts[1]!));
    await expect(
      h.layer.headObject({ bucket: 'b01', key: 'big', partNumber: 4 }),
    ).rejects.toMatchObject({
      code: 'InvalidPartNumber',
    });
    // The upload is no longer listed, and a retried Complete answers the same.
    expect((await h.layer.listMultipartUploads('b01', { maxUploads: 1000 })).uploads).toEqual([]);
    const retried = await h.layer.completeMultipartUpload({
      bucket: 'b01',
      key: 'big',
      uploadId,
      parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })),
    });
    expect(retried.record).toMatchObject({ etag: expectedEtag, versionId: record.versionId });
    // Once overwritten, the old upload id is unknown.
    await h.layer.putObject({ bucket: 'b01', key: 'big', body: bodyOf('small') });
    await expect(
      h.layer.completeMultipartUpload({
        bucket: 'b01',
        key: 'big',
        uploadId,
        parts: [{ partNumber: 1, etag: etags[0]! }],
      }),
    ).rejects.toMatchObject({ code: 'NoSuchUpload', status: 404 });
    await runCleanup(h.store, [h.fs]);
    expect(await blobsOf(h.fs)).toHaveLength(1);
  });

  it('rejects bad part lists: MalformedXML, InvalidPartOrder, InvalidPart, EntityTooSmall', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const uploadId = await startUpload(h);
    const small = await put(h, uploadId, 1, Buffer.from('tiny'));
    const other = await put(h, uploadId, 2, Buffer.from('more'));
    const complete = (parts: { partNumber: number; etag: string }[]) =>
      h.layer.completeMultipartUpload({ bucket: 'b01', key: 'big', uploadId, parts });
    await expect(complete([])).rejects.toMatchObject({ code: 'MalformedXML' });
    await expect(
      complete([
        { partNumber: 2, etag: other.etag },
        { partNumber: 1, etag: small.etag },
      ]),
    ).rejects.toMatchObject({ code: 'InvalidPartOrder' });
    await expect(
      complete([
        { partNumber: 1, etag: small.etag },
        { partNumber: 1, etag: small.etag },
      ]),
    ).rejects.toMatchObject({ code: 'InvalidPartOrder' });
    await expect(complete([{ partNumber: 3, etag: small.etag }])).rejects.toMatchObject({
      code: 'InvalidPart',
      extra: { PartNumber: '3' },
    });
    await expect(complete([{ partNumber: 1, etag: other.etag }])).rejects.toMatchObject({
      code: 'InvalidPart',
    });
    await expect(
      complete([
        { partNumber: 1, etag: small.etag },
        { partNumber: 2, etag: other.etag },
      ]),
    ).rejects.toMatchObject({
      code: 'EntityTooSmall',
      extra: { ProposedSize: '4', PartNumber: '1' },
    });
    // Nothing was committed and the upload is still usable: a single small part is fine.
    expect(await h.store.objects.get('b01', 'big')).toBeUndefined();
    const { record } = await complete([{ partNumber: 2, etag: other.etag }]);
    expect(record.etag).toMatch(/-1$/);
    expect(
      (await readAll((await h.layer.getObject({ bucket: 'b01', key: 'big' })).body)).toString(),
    ).toBe('more');
  });

  it('part numbers and upload ids are checked', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const uploadId = await startUpload(h);
    for (const partNumber of [0, 10_001, 1.5]) {
      await expect(put(h, uploadId, partNumber, Buffer.from('x'))).rejects.toMatchObject({
        code: 'InvalidArgument',
        message: 'Part number must be an integer between 1 and 10000, inclusive',
      });
    }
    await expect(put(h, 'made-up', 1, Buffer.from('x'))).rejects.toMatchObject({
      code: 'NoSuchUpload',
    });
    // An upload id used with another key is unknown.
    await expect(put(h, uploadId, 1, Buffer.from('x'), 'other-key')).rejects.toMatchObject({
      code: 'NoSuchUpload',
    });
    await expect(
      h.layer.completeMultipartUpload({
        bucket: 'b01',
        key: 'other-key',
        uploadId,
        parts: [{ partNumber: 1, etag: 'x' }],
      }),
    ).rejects.toMatchObject({ code: 'NoSuchUpload' });
    await expect(
      h.layer.abortMultipartUpload({ bucket: 'b01', key: 'other-key', uploadId }),
    ).rejects.toMatchObject({
      code: 'NoSuchUpload',
    });
    // A part that fails its Content-MD5 never replaces the part already stored under its number.
    const good = await put(h, uploadId, 1, Buffer.from('good'));
    await expect(
      h.layer.uploadPart({
        bucket: 'b01',
        key: 'big',
        uploadId,
        partNumber: 1,
        body: bodyOf('evil'),
        contentMd5: md5Base64(Buffer.from('x')),
      }),
    ).rejects.toMatchObject({ code: 'BadDigest' });
    expect(
      (await h.layer.listParts({ bucket: 'b01', key: 'big', uploadId })).parts.map((p) => p.etag),
    ).toEqual([good.etag]);
    await h.layer.completeMultipartUpload({
      bucket: 'b01',
      key: 'big',
      uploadId,
      parts: [{ partNumber: 1, etag: good.etag }],
    });
    expect(
      (await readAll((await h.layer.getObject({ bucket: 'b01', key: 'big' })).body)).toString(),
    ).toBe('good');
  });

  it('a part whose backend bytes changed since it was recorded fails Complete with InvalidPart', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const uploadId = await startUpload(h);
    const part = await put(h, uploadId, 1, Buffer.from('recorded'));
    const row = (await h.store.uploads.get(uploadId))!;
    await h.fs.uploadPart(row.blob, row.backendUploadId, 1, bodyOf('replaced behind our back'));
    await expect(
      h.layer.completeMultipartUpload({
        bucket: 'b01',
        key: 'big',
        uploadId,
        parts: [{ partNumber: 1, etag: part.etag }],
      }),
    ).rejects.toMatchObject({ code: 'InvalidPart' });
    expect(await h.store.objects.get('b01', 'big')).toBeUndefined();
  });

  it('abort removes the upload and its bytes; the id is unknown afterwards', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const uploadId = await startUpload(h);
    await put(h, uploadId, 1, patternBytes(100_000, 3));
    await h.layer.abortMultipartUpload({ bucket: 'b01', key: 'big', uploadId });
    await expect(
      h.layer.abortMultipartUpload({ bucket: 'b01', key: 'big', uploadId }),
    ).rejects.toMatchObject({
      code: 'NoSuchUpload',
    });
    await expect(put(h, uploadId, 2, Buffer.from('x'))).rejects.toMatchObject({
      code: 'NoSuchUpload',
    });
    await expect(h.layer.listParts({ bucket: 'b01', key: 'big', uploadId })).rejects.toMatchObject({
      code: 'NoSuchUpload',
    });
    await runCleanup(h.store, [h.fs]);
    expect(await blobsOf(h.fs)).toEqual([]);
  });

  it('listParts pages past maxParts; listMultipartUploads lists active uploads', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const uploadId = await startUpload(h);
    const second = await startUpload(h, 'another');
    for (let n = 1; n <= 5; n++) await put(h, uploadId, n, Buffer.from(`part-${n}`));
    const first = await h.layer.listParts({ bucket: 'b01', key: 'big', uploadId, maxParts: 2 });
    expect(first.parts.map((p) => p.partNumber)).toEqual([1, 2]);
    expect(first.isTruncated).toBe(true);
    expect(first.upload).toMatchObject({ uploadId, owner: 'alice', key: 'big' });
    const next = await h.layer.listParts({
      bucket: 'b01',
      key: 'big',
      uploadId,
      maxParts: 2,
      partNumberMarker: first.nextPartNumberMarker!,
    });
    expect(next.parts.map((p) => p.partNumber)).toEqual([3, 4]);
    const last = await h.layer.listParts({
      bucket: 'b01',
      key: 'big',
      uploadId,
      partNumberMarker: 4,
    });
    expect(last.parts.map((p) => [p.partNumber, p.size, p.etag])).toEqual([
      [5, 6, md5Hex(Buffer.from('part-5'))],
    ]);
    expect(last.isTruncated).toBe(false);
    const listed = await h.layer.listMultipartUploads('b01', { maxUploads: 1000 });
    expect(listed.uploads.map((u) => [u.key, u.uploadId])).toEqual([
      ['another', second],
      ['big', uploadId],
    ]);
    await expect(h.layer.listMultipartUploads('nope', { maxUploads: 10 })).rejects.toMatchObject({
      code: 'NoSuchBucket',
    });
  });

  it('uploadPartCopy copies a source range; an out-of-object range is InvalidArgument', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const source = patternBytes(6 * MiB, 5);
    await h.layer.putObject({ bucket: 'b01', key: 'src', body: bodyOf(source) });
    const uploadId = await startUpload(h);
    const p1 = await h.layer.uploadPartCopy({
      bucket: 'b01',
      key: 'big',
      uploadId,
      partNumber: 1,
      sourceBucket: 'b01',
      sourceKey: 'src',
      sourceRange: { start: 0, end: 5 * MiB - 1 },
    });
    expect(p1.etag).toBe(md5Hex(source.subarray(0, 5 * MiB)));
    const p2 = await h.layer.uploadPartCopy({
      bucket: 'b01',
      key: 'big',
      uploadId,
      partNumber: 2,
      sourceBucket: 'b01',
      sourceKey: 'src',
    });
    await expect(
      h.layer.uploadPartCopy({
        bucket: 'b01',
        key: 'big',
        uploadId,
        partNumber: 3,
        sourceBucket: 'b01',
        sourceKey: 'src',
        sourceRange: { start: 0, end: 6 * MiB },
      }),
    ).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: `Range specified is not valid for source object of size: ${6 * MiB}`,
    });
    await expect(
      h.layer.uploadPartCopy({
        bucket: 'b01',
        key: 'big',
        uploadId,
        partNumber: 3,
        sourceBucket: 'b01',
        sourceKey: 'src',
        sourceConditions: { ifMatch: '"nope"' },
      }),
    ).rejects.toMatchObject({ code: 'PreconditionFailed' });
    await h.layer.completeMultipartUpload({
      bucket: 'b01',
      key: 'big',
      uploadId,
      parts: [
        { partNumber: 1, etag: p1.etag },
        { partNumber: 2, etag: p2.etag },
      ],
    });
    const got = await readAll((await h.layer.getObject({ bucket: 'b01', key: 'big' })).body);
    expect(sha256(got)).toBe(sha256(Buffer.concat([source.subarray(0, 5 * MiB), source])));
  });

  it('Complete honours If-None-Match atomically and retires the upload when it loses', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const uploadId = await startUpload(h);
    const part = await put(h, uploadId, 1, Buffer.from('data'));
    await h.layer.putObject({ bucket: 'b01', key: 'big', body: bodyOf('exists') });
    await expect(
      h.layer.completeMultipartUpload({
        bucket: 'b01',
        key: 'big',
        uploadId,
        parts: [{ partNumber: 1, etag: part.etag }],
        conditions: { ifNoneMatch: '*' },
      }),
    ).rejects.toMatchObject({ code: 'PreconditionFailed' });
    // The early check refused before the backend assembled anything: the upload is intact.
    expect((await h.layer.listParts({ bucket: 'b01', key: 'big', uploadId })).parts).toHaveLength(
      1,
    );
    await h.layer.deleteObject({ bucket: 'b01', key: 'big' });
    const { record } = await h.layer.completeMultipartUpload({
      bucket: 'b01',
      key: 'big',
      uploadId,
      parts: [{ partNumber: 1, etag: part.etag }],
      conditions: { ifNoneMatch: '*' },
    });
    expect(record.size).toBe(4);
  });
});
