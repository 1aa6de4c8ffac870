import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createFsBackend } from './fs-backend.js';
import { blobRelativePath, groupOf, legacyBlobRelativePath } from './internal/blob-path.js';
import { filesUnder, listNames, readAll, tempDir } from './testing/test-helpers.js';

// The fs layout on disk: blobs sharded by their group (the name up to its last `@`), so that a
// key's writes are found in one directory (degraded reads), and the move of a directory
// written in layout 1 (sharded by the whole name), crash-safe and once.

/** Writes `name`'s bytes where layout 1 kept it, as a directory written before layout 2 holds it. */
async function writeLegacy(blobsDir: string, name: string, at = legacyBlobRelativePath(name)) {
  const path = join(blobsDir, at);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `bytes of ${name}`);
}

const shard = (relative: string) => relative.split(sep).slice(0, 2).join(sep);

describe('fs layout 2', () => {
  it("keeps a key's writes in one shard directory and lists a group from it alone", async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path, fsync: false });
    for (const name of ['b/k@01', 'b/k@02.03', 'b/k@02.deleted', 'b/k@x@04', 'b/other@05']) {
      await fs.put(name, Readable.from([Buffer.from(name)]));
    }
    expect(shard(blobRelativePath('b/k@01'))).toBe(shard(blobRelativePath('b/k@02.03')));
    expect(groupOf('b/k@02.03')).toBe('b/k@');
    expect(groupOf('plain')).toBe('plain');
    // A blob file of the group planted in another shard: a walk of the tree finds it, the
    // group listing does not, because it reads the group's own directory only.
    const planted = 'b/k@99';
    expect(shard(legacyBlobRelativePath(planted))).not.toBe(shard(blobRelativePath(planted)));
    await writeLegacy(join(dir.path, 'blobs'), planted);
    expect(await listNames(fs, 'b/k@', { delimiter: '@' })).toEqual([
      'b/k@01',
      'b/k@02.03',
      'b/k@02.deleted',
    ]);
    expect(await listNames(fs, 'b/k@')).toContain(planted);
    // Where layout 1 kept a blob, reads and deletes still find it.
    expect((await readAll(await fs.get(planted))).toString()).toBe(`bytes of ${planted}`);
    expect(await fs.head(planted)).toMatchObject({ size: `bytes of ${planted}`.length });
    await fs.copy(planted, 'b/k@98');
    expect((await readAll(await fs.get('b/k@98'))).toString()).toBe(`bytes of ${planted}`);
    await fs.delete(planted);
    expect(await fs.head(planted)).toBeUndefined();
  });

  it('moves a layout-1 directory on first open, finishing a move a crash cut short', async () => {
    await using dir = await tempDir();
    const blobsDir = join(dir.path, 'blobs');
    const names = ['b/k@01', 'b/k@02', 'b/k@02.03', 'plain', `b/${'é'.repeat(300)}@05`];
    for (const name of names) await writeLegacy(blobsDir, name);
    // Moved already when the last open crashed.
    await writeLegacy(blobsDir, 'b/k@06', blobRelativePath('b/k@06'));
    const all = [...names, 'b/k@06'];

    {
      await using fs = createFsBackend({ name: 'local', root: dir.path });
      // Read while the move runs behind the calls: every blob is found at one place or the other.
      for (const name of all) {
        expect((await readAll(await fs.get(name))).toString()).toBe(`bytes of ${name}`);
      }
      // `plain` has no `@`: its group is its whole name, so it is where it was.
      expect(await fs.migrated()).toBe(names.length - 1);
      expect((await listNames(fs, '')).sort()).toEqual([...all].sort());
      for (const name of all) {
        expect((await readAll(await fs.get(name))).toString()).toBe(`bytes of ${name}`);
      }
      expect((await filesUnder(blobsDir)).sort()).toEqual(
        all.map((name) => join(blobsDir, blobRelativePath(name))).sort(),
      );
      expect(await readFile(join(dir.path, 'layout'), 'utf8')).toBe('2\n');
      expect(await listNames(fs, 'b/k@', { delimiter: '@' })).toEqual([
        'b/k@01',
        'b/k@02',
        'b/k@02.03',
        'b/k@06',
      ]);
    }

    // Once recorded, an open does not walk again: a blob an earlier version wrote at its old
    // place since stays there, and is still read.
    await writeLegacy(blobsDir, 'b/k@07');
    await using again = createFsBackend({ name: 'local', root: dir.path });
    expect(await again.migrated()).toBe(0);
    expect((await readAll(await again.get('b/k@07'))).toString()).toBe('bytes of b/k@07');
    expect(await filesUnder(blobsDir)).toContain(join(blobsDir, legacyBlobRelativePath('b/k@07')));
  });
});
