import { readdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createFsBackend } from './fs-backend.js';
import {
  chunked,
  failingBody,
  filesUnder,
  patternBytes,
  readAll,
  sha256,
  tempDir,
} from './testing/test-helpers.js';

const MiB = 1024 * 1024;

// The driver-agnostic multipart contract is in testing/conformance-multipart.ts; these cases
// are about the fs driver's own choices (order as given, the files on disk, the race).
describe('fs backend multipart', () => {
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

  it('abort removes the upload directory; a malformed id touches nothing', async () => {
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
