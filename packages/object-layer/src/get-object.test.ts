import { describe, expect, it } from 'vitest';
import { bodyOf, createHarness, readAll, wrapBackend, type Harness } from './testing/harness.js';

const TEXT = '0123456789abcdefghij'; // 20 bytes

async function withObject() {
  const h = await createHarness();
  await h.bucket('b01');
  const { record } = await h.layer.putObject({ bucket: 'b01', key: 'k', body: bodyOf(TEXT) });
  return { h, record };
}

describe('getObject / headObject', () => {
  it('NoSuchBucket and NoSuchKey', async () => {
    const { h } = await withObject();
    await using _ = h;
    await expect(h.layer.getObject({ bucket: 'nope', key: 'k' })).rejects.toMatchObject({
      code: 'NoSuchBucket',
    });
    await expect(h.layer.headObject({ bucket: 'b01', key: 'missing' })).rejects.toMatchObject({
      code: 'NoSuchKey',
      status: 404,
    });
  });

  it('read conditions answer 412 / 304 / 200 as S3 does', async () => {
    const { h, record } = await withObject();
    await using _ = h;
    const past = new Date(record.lastModified.getTime() - 3600_000);
    const future = new Date(record.lastModified.getTime() + 3600_000);
    const head = (conditions: object) =>
      h.layer.headObject({ bucket: 'b01', key: 'k', conditions });
    await expect(head({ ifMatch: `"${record.etag}"` })).resolves.toMatchObject({
      record: { etag: record.etag },
    });
    await expect(head({ ifMatch: '"nope"' })).rejects.toMatchObject({
      code: 'PreconditionFailed',
      status: 412,
    });
    await expect(head({ ifUnmodifiedSince: past })).rejects.toMatchObject({
      code: 'PreconditionFailed',
    });
    await expect(head({ ifMatch: record.etag, ifUnmodifiedSince: past })).resolves.toBeDefined();
    const notModified = await head({ ifNoneMatch: `"${record.etag}"` }).catch((e: unknown) => e);
    expect(notModified).toMatchObject({
      code: 'NotModified',
      status: 304,
      headers: { ETag: `"${record.etag}"`, 'Last-Modified': record.lastModified.toUTCString() },
    });
    await expect(head({ ifModifiedSince: future })).rejects.toMatchObject({ code: 'NotModified' });
    await expect(head({ ifModifiedSince: past })).resolves.toBeDefined();
    await expect(head({ ifNoneMatch: record.etag, ifModifiedSince: past })).rejects.toMatchObject({
      code: 'NotModified',
    });
    await expect(head({ ifNoneMatch: '"other"', ifModifiedSince: future })).resolves.toBeDefined();
    // Conditions are checked before the body is opened: a GET that fails them opens nothing.
    await expect(
      h.layer.getObject({ bucket: 'b01', key: 'k', conditions: { ifMatch: 'nope' } }),
    ).rejects.toMatchObject({ code: 'PreconditionFailed' });
  });

  it.each([
    [{ kind: 'bounded', start: 2, end: 5 }, { start: 2, end: 5 }, '2345'],
    [{ kind: 'bounded', start: 15, end: 100 }, { start: 15, end: 19 }, 'fghij'],
    [{ kind: 'from', start: 18 }, { start: 18, end: 19 }, 'ij'],
    [{ kind: 'suffix', length: 3 }, { start: 17, end: 19 }, 'hij'],
    [{ kind: 'suffix', length: 500 }, { start: 0, end: 19 }, TEXT],
  ] as const)('range %j serves exactly the bytes asked for', async (range, resolved, bytes) => {
    const { h } = await withObject();
    await using _ = h;
    const got = await h.layer.getObject({ bucket: 'b01', key: 'k', range });
    expect(got.range).toEqual(resolved);
    expect((await readAll(got.body)).toString()).toBe(bytes);
  });

  it('unsatisfiable ranges are 416 InvalidRange', async () => {
    const { h } = await withObject();
    await using _ = h;
    await expect(
      h.layer.getObject({ bucket: 'b01', key: 'k', range: { kind: 'from', start: 20 } }),
    ).rejects.toMatchObject({
      code: 'InvalidRange',
      status: 416,
      headers: { 'Content-Range': 'bytes */20' },
    });
    await expect(
      h.layer.headObject({ bucket: 'b01', key: 'k', range: { kind: 'suffix', length: 0 } }),
    ).rejects.toMatchObject({ code: 'InvalidRange' });
  });

  it('zero-byte object: a first-byte range is 416, a suffix range is the empty body with 200', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    await h.layer.putObject({ bucket: 'b01', key: 'empty', body: bodyOf('') });
    await expect(
      h.layer.getObject({
        bucket: 'b01',
        key: 'empty',
        range: { kind: 'bounded', start: 0, end: 0 },
      }),
    ).rejects.toMatchObject({ code: 'InvalidRange', headers: { 'Content-Range': 'bytes */0' } });
    const got = await h.layer.getObject({
      bucket: 'b01',
      key: 'empty',
      range: { kind: 'suffix', length: 10 },
    });
    expect(got.range).toBeUndefined();
    expect((await readAll(got.body)).length).toBe(0);
  });

  it('partNumber on a single-PUT object: 1 is the whole object, others are InvalidPartNumber', async () => {
    const { h } = await withObject();
    await using _ = h;
    const got = await h.layer.getObject({ bucket: 'b01', key: 'k', partNumber: 1 });
    expect(got.range).toEqual({ start: 0, end: 19 });
    expect((await readAll(got.body)).toString()).toBe(TEXT);
    await expect(
      h.layer.headObject({ bucket: 'b01', key: 'k', partNumber: 2 }),
    ).rejects.toMatchObject({
      code: 'InvalidPartNumber',
      status: 416,
    });
    await expect(
      h.layer.headObject({ bucket: 'b01', key: 'k', partNumber: 0 }),
    ).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await expect(
      h.layer.headObject({
        bucket: 'b01',
        key: 'k',
        partNumber: 1,
        range: { kind: 'from', start: 0 },
      }),
    ).rejects.toMatchObject({ code: 'InvalidRequest' });
  });

  it('fails over to the next copy when a backend errors before returning a stream', async () => {
    let brokenCalls = 0;
    await using h = await createHarness({
      wrap: (fs) => [
        fs,
        wrapBackend(fs, 'broken', {
          get: () => {
            brokenCalls++;
            return Promise.reject(new Error('backend down'));
          },
        }),
      ],
    });
    await h.bucket('b01');
    const { record } = await h.layer.putObject({ bucket: 'b01', key: 'k', body: bodyOf(TEXT) });
    const blob = record.copies[0]!.blob;
    await h.store.objects.put({
      ...record,
      copies: [
        { backend: 'broken', blob },
        { backend: 'disk', blob },
      ],
    });
    const got = await h.layer.getObject({
      bucket: 'b01',
      key: 'k',
      range: { kind: 'bounded', start: 0, end: 3 },
    });
    expect((await readAll(got.body)).toString()).toBe('0123');
    expect(brokenCalls).toBe(1);
    // With every copy failing, the last backend error propagates unchanged.
    await h.store.objects.put({ ...record, copies: [{ backend: 'broken', blob }] });
    await expect(h.layer.getObject({ bucket: 'b01', key: 'k' })).rejects.toThrow('backend down');
  });
});

describe('getObject racing a cleanup', () => {
  it('re-reads the row when the blob it found was already cleaned up', async () => {
    let first = true;
    const h: Harness = await createHarness({
      wrap: (fs) => [
        wrapBackend(fs, 'disk', {
          get: async (blob, options) => {
            if (first) {
              // Between reading the row and opening the blob, a writer overwrites the key and
              // the cleanup worker deletes the old blob.
              first = false;
              await h.layer.putObject({ bucket: 'b01', key: 'k', body: bodyOf('new') });
              await fs.delete(blob);
            }
            return fs.get(blob, options);
          },
        }),
      ],
    });
    await using _ = h;
    await h.bucket('b01');
    await h.layer.putObject({ bucket: 'b01', key: 'k', body: bodyOf('old') });
    const got = await h.layer.getObject({ bucket: 'b01', key: 'k' });
    expect((await readAll(got.body)).toString()).toBe('new');
  });
});
