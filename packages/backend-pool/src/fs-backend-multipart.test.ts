import { readdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createFsBackend } from './fs-backend.js';
import {
  failingBody,
  filesUnder,
  patternBytes,
  readAll,
  sha256,
  tempDir,
} from './testing/test-helpers.js';

const MiB = 1024 * 1024;

/** Feeds a buffer in small chunks, so parts really stream. */
const chunked = (buf: Buffer): Readable =>
  Readable.from(
    (function* () {
      for (let i = 0; i < buf.length; i += 64 * 1024) yield buf.subarray(i, i + 64 * 1024);
    })(),
  );

describe('fs backend multipart', () => {
  it('completes re-uploaded, out-of-order parts into exactly their concatenation', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    const blob = 'bucket/big object@01J';
    const { uploadId } = await fs.createMultipart(blob);
    const p1 = patternBytes(1.5 * MiB, 1);
    const p2old = patternBytes(MiB, 2);
    const p2 = patternBytes(MiB + 17, 22);
    const p3 = patternBytes(MiB / 2, 3);
    const r3 = await fs.uploadPart(blob, uploadId, 3, chunked(p3));
    const r1 = await fs.uploadPart(blob, uploadId, 1, chunked(p1));
    const r2old = await fs.uploadPart(blob, uploadId, 2, chunked(p2old));
    const r2 = await fs.uploadPart(blob, uploadId, 2, chunked(p2));
    expect([r1.size, r2.size, r3.size]).toEqual([p1.length, p2.length, p3.length]);
    expect(r2.token).not.toBe(r2old.token);

    // The replaced part's token no longer matches: completing with it is refused.
    await expect(
      fs.completeMultipart(blob, uploadId, [
        { partNumber: 1, token: r1.token },
        { partNumber: 2, token: r2old.token },
      ]),
    ).rejects.toMatchObject({ code: 'EINVALID_PART', partNumber: 2 });
    await expect(
      fs.completeMultipart(blob, uploadId, [{ partNumber: 4, token: r1.token }]),
    ).rejects.toMatchObject({ code: 'EINVALID_PART', partNumber: 4 });
    expect(await fs.head(blob)).toBeUndefined();

    await fs.completeMultipart(blob, uploadId, [
      { partNumber: 1, token: r1.token },
      { partNumber: 2, token: r2.token },
      { partNumber: 3, token: r3.token },
    ]);
    const stored = await readAll(await fs.get(blob));
    expect(stored.length).toBe(p1.length + p2.length + p3.length);
    expect(sha256(stored)).toBe(sha256(p1, p2, p3));
    expect(await readdir(join(dir.path, 'uploads'))).toEqual([]);
    expect(await readdir(join(dir.path, 'tmp'))).toEqual([]);
    // Completed uploads are gone: a retry is answered by the caller's metadata, not the driver.
    await expect(
      fs.completeMultipart(blob, uploadId, [{ partNumber: 1, token: r1.token }]),
    ).rejects.toMatchObject({ code: 'ENOUPLOAD' });
  });

  it('concatenates parts in the order given', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path, fsync: false });
    const { uploadId } = await fs.createMultipart('b');
    const a = await fs.uploadPart('b', uploadId, 1, Readable.from([Buffer.from('one,')]));
    const b = await fs.uploadPart('b', uploadId, 2, Readable.from([Buffer.from('two,')]));
    await fs.completeMultipart('b', uploadId, [
      { partNumber: 2, token: b.token },
      { partNumber: 1, token: a.token },
    ]);
    expect((await readAll(await fs.get('b'))).toString()).toBe('two,one,');
  });

  it('abort removes the upload and its parts, idempotently', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    const { uploadId } = await fs.createMultipart('b/k');
    await fs.uploadPart('b/k', uploadId, 1, Readable.from([patternBytes(1000, 5)]));
    expect(await readdir(join(dir.path, 'uploads'))).toEqual([uploadId]);
    await fs.abortMultipart('b/k', uploadId);
    expect(await readdir(join(dir.path, 'uploads'))).toEqual([]);
    await fs.abortMultipart('b/k', uploadId);
    await fs.abortMultipart('b/k', '../../etc');
    const body = Readable.from([Buffer.from('late part')]);
    await expect(fs.uploadPart('b/k', uploadId, 2, body)).rejects.toMatchObject({
      code: 'ENOUPLOAD',
    });
    expect(body.destroyed).toBe(true);
    expect(await readdir(join(dir.path, 'uploads'))).toEqual([]);
  });

  it('binds an upload id to its blob and validates part numbers', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    const { uploadId } = await fs.createMultipart('b/k');
    await expect(
      fs.uploadPart('b/other', uploadId, 1, Readable.from([Buffer.from('x')])),
    ).rejects.toMatchObject({ code: 'ENOUPLOAD' });
    await expect(
      fs.uploadPart('b/k', uploadId, 0, Readable.from([Buffer.from('x')])),
    ).rejects.toThrow(RangeError);
    await expect(
      fs.uploadPart('b/k', uploadId, 10_001, Readable.from([Buffer.from('x')])),
    ).rejects.toThrow(RangeError);
  });

  it('a part whose body fails leaves no part file', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    const { uploadId } = await fs.createMultipart('b/k');
    await expect(fs.uploadPart('b/k', uploadId, 1, failingBody(300_000))).rejects.toMatchObject({
      code: 'EBODY',
    });
    const files = await filesUnder(join(dir.path, 'uploads', uploadId));
    expect(files.map((f) => f.split('/').at(-1))).toEqual(['upload.json']);
    expect(await readdir(join(dir.path, 'tmp'))).toEqual([]);
  });

  it('two concurrent completions of one upload: one wins, the other yields, bytes stay whole', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path, fsync: false });
    const blob = 'b/raced@01J';
    const { uploadId } = await fs.createMultipart(blob);
    const p1 = patternBytes(8 * MiB, 1);
    const p2 = patternBytes(MiB, 2);
    const r1 = await fs.uploadPart(blob, uploadId, 1, chunked(p1));
    const r2 = await fs.uploadPart(blob, uploadId, 2, chunked(p2));
    const both = [
      { partNumber: 1, token: r1.token },
      { partNumber: 2, token: r2.token },
    ];
    // Started together, both read the upload and open their parts before either publishes.
    const outcomes = await Promise.allSettled([
      fs.completeMultipart(blob, uploadId, both),
      fs.completeMultipart(blob, uploadId, both.slice(0, 1)),
    ]);
    const won = outcomes.map((o) => o.status === 'fulfilled');
    expect(won.filter(Boolean)).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === 'rejected');
    expect(lost?.reason).toMatchObject({ code: 'ENOUPLOAD', uploadId });
    const stored = await readAll(await fs.get(blob));
    expect(sha256(stored)).toBe(won[0] ? sha256(p1, p2) : sha256(p1));
    expect(await readdir(join(dir.path, 'tmp'))).toEqual([]);
    expect(await readdir(join(dir.path, 'uploads'))).toEqual([]);
  });

  it('completing onto a blob that exists already yields with ENOUPLOAD and keeps the blob', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    const blob = 'b/k@01J';
    const { uploadId } = await fs.createMultipart(blob);
    const part = await fs.uploadPart(blob, uploadId, 1, Readable.from([Buffer.from('late')]));
    // What a concurrent completion that published first leaves behind.
    await fs.put(blob, Readable.from([Buffer.from('winner')]));
    await expect(
      fs.completeMultipart(blob, uploadId, [{ partNumber: 1, token: part.token }]),
    ).rejects.toMatchObject({ code: 'ENOUPLOAD' });
    expect((await readAll(await fs.get(blob))).toString()).toBe('winner');
    expect(await readdir(join(dir.path, 'tmp'))).toEqual([]);
  });

  it('sweeps old uploads nobody knows, keeping known and recent ones', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path, fsync: false });
    const orphan = (await fs.createMultipart('b/orphan')).uploadId;
    await fs.uploadPart('b/orphan', orphan, 1, Readable.from([Buffer.from('lost bytes')]));
    const known = (await fs.createMultipart('b/known')).uploadId;
    const recent = (await fs.createMultipart('b/recent')).uploadId;
    const dayAgo = new Date(Date.now() - 86_400_000);
    for (const id of [orphan, known]) {
      await utimes(join(dir.path, 'uploads', id, 'upload.json'), dayAgo, dayAgo);
    }
    const asked: string[] = [];
    const isKnown = (id: string) => {
      asked.push(id);
      return Promise.resolve(id === known);
    };
    await expect(fs.sweepUploads(3_600_000, isKnown)).resolves.toBe(1);
    expect(asked.sort()).toEqual([orphan, known].sort());
    expect((await readdir(join(dir.path, 'uploads'))).sort()).toEqual([known, recent].sort());
    await expect(
      fs.uploadPart('b/orphan', orphan, 2, Readable.from([Buffer.from('x')])),
    ).rejects.toMatchObject({ code: 'ENOUPLOAD' });
  });
});
