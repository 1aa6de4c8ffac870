import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createFsBackend } from './fs-backend.js';
import { isCopyCapable } from './object-backend.js';
import {
  endlessBody,
  failingBody,
  filesUnder,
  patternBytes,
  readAll,
  sha256,
  tempDir,
} from './testing/test-helpers.js';

const AWKWARD_NAMES = [
  `bucket/${'k'.repeat(1024)}@01JWRITE`,
  'bucket/../../etc/passwd@01J',
  'bucket/a/./b/../c@1',
  'bucket/ünïcødé 🎉 spaces and\ttabs@2',
  'bucket/percent%2Fslash%2e%2e@3',
  'bucket/trailing/@4',
  '',
];

describe('createFsBackend', () => {
  it('round-trips awkward names through put, get, head, list and delete', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    for (const [i, name] of AWKWARD_NAMES.entries()) {
      const body = patternBytes(1000 + i, i + 1);
      await expect(fs.put(name, Readable.from([body]))).resolves.toEqual({ size: body.length });
      expect(await readAll(await fs.get(name))).toEqual(body);
      const info = await fs.head(name);
      expect(info?.size).toBe(body.length);
      expect(info?.lastModified).toBeInstanceOf(Date);
    }
    // Nothing escaped the root: the '..' names live under blobs/ like any other.
    expect((await readdir(dir.path)).sort()).toEqual(['blobs', 'tmp', 'uploads']);

    const listed: string[] = [];
    for await (const info of fs.list('bucket/')) listed.push(info.blob);
    const expected = AWKWARD_NAMES.filter((n) => n.startsWith('bucket/')).sort((a, b) =>
      Buffer.compare(Buffer.from(a), Buffer.from(b)),
    );
    expect(listed).toEqual(expected);

    for (const name of AWKWARD_NAMES) await fs.delete(name);
    for (const name of AWKWARD_NAMES) expect(await fs.head(name)).toBeUndefined();
    await fs.delete('never-existed'); // idempotent
  });

  it('lists in byte order, filtered by prefix, with names sharing long encoded prefixes', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path, fsync: false });
    // 150 bytes encode to exactly one 200-char segment; the longer names extend it.
    const base = 'p/' + 'x'.repeat(148);
    const names = [base, base + 'y', base + 'z'.repeat(400), 'p/B', 'p/a', 'p/\u00e9', 'q/a'];
    for (const name of names) await fs.put(name, Readable.from([Buffer.from(name)]));
    const listed: string[] = [];
    for await (const info of fs.list('p/')) listed.push(info.blob);
    expect(listed).toEqual(['p/B', 'p/a', base, base + 'y', base + 'z'.repeat(400), 'p/\u00e9']);
    for (const name of names) expect((await readAll(await fs.get(name))).toString()).toBe(name);
  });

  it('serves inclusive byte ranges', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    const body = patternBytes(1 << 20, 9);
    await fs.put('b/k@1', Readable.from([body]));
    const part = await readAll(await fs.get('b/k@1', { range: { start: 1000, end: 299_999 } }));
    // Compared by hash: vitest's deep equality on MiB buffers is slow.
    expect(sha256(part)).toBe(sha256(body.subarray(1000, 300_000)));
    const last = await readAll(
      await fs.get('b/k@1', { range: { start: body.length - 1, end: body.length - 1 } }),
    );
    expect(last).toEqual(body.subarray(body.length - 1));
    await expect(fs.get('b/k@1', { range: { start: 5, end: 4 } })).rejects.toThrow(RangeError);
  });

  it('rejects get of a missing blob with ENOBLOB before returning a stream', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    await expect(fs.get('nope')).rejects.toMatchObject({
      code: 'ENOBLOB',
      blob: 'nope',
      backend: 'local',
    });
    expect(await fs.head('nope')).toBeUndefined();
  });

  it('leaves no file behind when the body fails mid-stream', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    const body = failingBody(512 * 1024);
    await expect(fs.put('b/k@1', body)).rejects.toMatchObject({
      code: 'EBODY',
      cause: { message: 'client went away' },
    });
    expect(body.destroyed).toBe(true);
    expect(await filesUnder(join(dir.path, 'blobs'))).toEqual([]);
    expect(await filesUnder(join(dir.path, 'tmp'))).toEqual([]);
    expect(await fs.head('b/k@1')).toBeUndefined();
  });

  it('aborts a put through its AbortSignal and cleans up', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    const controller = new AbortController();
    const body = endlessBody();
    body.once('data', () => setTimeout(() => controller.abort(), 20));
    await expect(fs.put('b/k@1', body, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(body.destroyed).toBe(true);
    expect(await filesUnder(join(dir.path, 'tmp'))).toEqual([]);
    expect(await filesUnder(join(dir.path, 'blobs'))).toEqual([]);
  });

  it('never replaces an existing blob: a put or copy onto one fails and keeps its bytes', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    await fs.put('a', Readable.from([Buffer.from('committed')]));
    await fs.put('b', Readable.from([Buffer.from('other')]));
    await expect(fs.put('a', Readable.from([Buffer.from('intruder')]))).rejects.toMatchObject({
      code: 'EBACKEND_IO',
      cause: { code: 'EEXIST' },
    });
    await expect(fs.copy('b', 'a')).rejects.toMatchObject({
      code: 'EBACKEND_IO',
      cause: { code: 'EEXIST' },
    });
    expect((await readAll(await fs.get('a'))).toString()).toBe('committed');
    expect(await filesUnder(join(dir.path, 'tmp'))).toEqual([]);
  });

  it('copies blobs', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    expect(isCopyCapable(fs)).toBe(true);
    await fs.put('a', Readable.from([Buffer.from('second!')]));
    await expect(fs.copy('a', 'b/copy of a')).resolves.toEqual({ size: 7 });
    expect((await readAll(await fs.get('b/copy of a'))).toString()).toBe('second!');
    await fs.delete('a');
    expect((await readAll(await fs.get('b/copy of a'))).toString()).toBe('second!');
    await expect(fs.copy('a', 'c')).rejects.toMatchObject({ code: 'ENOBLOB' });
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

  it('rejects calls after close, and close is idempotent', async () => {
    await using dir = await tempDir();
    const fs = createFsBackend({ name: 'local', root: dir.path });
    await fs.close();
    await fs.close();
    await expect(fs.head('k')).rejects.toMatchObject({ code: 'EBACKEND_OPEN' });
  });
});
