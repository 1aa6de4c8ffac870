import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createFsBackend } from '../fs-backend.js';
import { filesUnder, tempDir } from '../testing/test-helpers.js';
import { copyBlob } from './fs-copy.js';
import { createLayout } from './fs-layout.js';

describe('copyBlob', () => {
  it('removes the half-written temp file when the copy fails midway', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path });
    await fs.put('src', Readable.from([Buffer.alloc(64 * 1024, 3)])); // creates the directories
    const layout = createLayout('local', dir.path, true);
    // A disk error after part of the data was copied (EIO), as a real copyFile can fail.
    const failingCopy = async (_source: string, target: string) => {
      await writeFile(target, Buffer.alloc(1000, 3));
      throw Object.assign(new Error('EIO: i/o error, copyfile'), {
        code: 'EIO',
        syscall: 'copyfile',
      });
    };
    await expect(copyBlob(layout, 'src', 'dst', failingCopy)).rejects.toMatchObject({
      code: 'EIO',
    });
    expect(await filesUnder(join(dir.path, 'tmp'))).toEqual([]);
    expect(await fs.head('dst')).toBeUndefined();
    // Through the backend the same failure is a typed error.
    await expect(fs.copy('missing', 'dst')).rejects.toMatchObject({ code: 'ENOBLOB' });
  });

  it('copies into a fresh blob', async () => {
    await using dir = await tempDir();
    await using fs = createFsBackend({ name: 'local', root: dir.path, fsync: false });
    await fs.put('src', Readable.from([Buffer.from('payload')]));
    const layout = createLayout('local', dir.path, false);
    await expect(copyBlob(layout, 'src', 'dst')).resolves.toEqual({ size: 7 });
    expect(await fs.head('dst')).toMatchObject({ size: 7 });
    expect(await filesUnder(join(dir.path, 'tmp'))).toEqual([]);
  });
});
