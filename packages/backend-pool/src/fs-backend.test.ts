import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createFsBackend } from './fs-backend.js';
import { describeBackendConformance } from './testing/conformance.js';
import { fsFixture } from './testing/fs-fixture.js';
import {
  byteSorted,
  failingBody,
  filesUnder,
  listNames,
  patternBytes,
  readAll,
  tempDir,
} from './testing/test-helpers.js';

describeBackendConformance('fs', fsFixture);

// What only a local directory can do or show: names beyond S3's key limits, the layout on disk.
const FS_ONLY_NAMES = [`bucket/${'k'.repeat(1024)}@01JWRITE`, 'bucket/../../etc/passwd@01J', ''];

describe('createFsBackend', () => {
  it('stores names beyond S3 limits (1 KiB segments, the empty name) inside its root', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    for (const [i, name] of FS_ONLY_NAMES.entries()) {
      const body = patternBytes(1000 + i, i + 1);
      await expect(fs.put(name, Readable.from([body]))).resolves.toEqual({ size: body.length });
      expect(await readAll(await fs.get(name))).toEqual(body);
    }
    // Nothing escaped the root: the '..' names live under blobs/ like any other.
    expect((await readdir(dir.path)).sort()).toEqual(['blobs', 'layout', 'tmp', 'uploads']);
    expect(await listNames(fs, '')).toEqual(byteSorted(FS_ONLY_NAMES));
  });

  it('lists names sharing long encoded prefixes in byte order', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path, fsync: false });
    // 150 bytes encode to exactly one 200-char segment; the longer names extend it.
    const base = 'p/' + 'x'.repeat(148);
    const names = [base, base + 'y', base + 'z'.repeat(400), 'p/B'];
    for (const name of names) await fs.put(name, Readable.from([Buffer.from(name)]));
    expect(await listNames(fs, 'p/')).toEqual(['p/B', base, base + 'y', base + 'z'.repeat(400)]);
  });

  it('leaves no temp file behind when the body fails mid-stream', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    await expect(fs.put('b/k@1', failingBody(512 * 1024))).rejects.toMatchObject({
      code: 'EBODY',
    });
    expect(await filesUnder(join(dir.path, 'blobs'))).toEqual([]);
    expect(await filesUnder(join(dir.path, 'tmp'))).toEqual([]);
  });

  it('a put or copy onto an existing blob fails with cause EEXIST', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    await fs.put('a', Readable.from([Buffer.from('committed')]));
    await fs.put('b', Readable.from([Buffer.from('other')]));
    const eexist = { code: 'EBACKEND_IO', cause: { code: 'EEXIST' } };
    await expect(fs.put('a', Readable.from([Buffer.from('intruder')]))).rejects.toMatchObject(
      eexist,
    );
    await expect(fs.copy('b', 'a')).rejects.toMatchObject(eexist);
    expect(await filesUnder(join(dir.path, 'tmp'))).toEqual([]);
  });

  it('sweeps only stale temp files', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    await fs.put('x', Readable.from([Buffer.from('x')])); // creates the directories
    const tmp = join(dir.path, 'tmp');
    await writeFile(join(tmp, 'old.tmp'), 'crashed write');
    await writeFile(join(tmp, 'fresh.tmp'), 'in flight');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(tmp, 'old.tmp'), hourAgo, hourAgo);
    await expect(fs.sweepTemp(60_000)).resolves.toBe(1);
    expect(await readdir(tmp)).toEqual(['fresh.tmp']);
  });

  it('maps an unusable root to a typed error and destroys the body', async () => {
    await using dir = await tempDir();
    const file = join(dir.path, 'not-a-dir');
    await writeFile(file, '');
    await using fs = createFsBackend({ name: 'broken', root: join(file, 'root') });
    const body = Readable.from([Buffer.from('x')]);
    await expect(fs.put('k', body)).rejects.toMatchObject({
      code: 'EBACKEND_IO',
      backend: 'broken',
    });
    expect(body.destroyed).toBe(true);
  });
});
