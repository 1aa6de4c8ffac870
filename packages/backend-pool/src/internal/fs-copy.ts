import { constants } from 'node:fs';
import { copyFile, mkdir, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BlobNotFoundError } from '../errors.js';
import { isMissing, publishExclusive, syncDir, tempPath } from './fs-io.js';
import { blobPath, blobPaths } from './fs-layout.js';
import type { FsLayout } from './fs-layout.js';

/** Copies one file to another (the seam a test uses to inject a failure mid-copy). */
export type CopyFileFn = (source: string, target: string, mode: number) => Promise<void>;

/**
 * Copies `sourceBlob` to the fresh `targetBlob`: into a temp file first (a reflink with
 * `COPYFILE_FICLONE` on btrfs/xfs, a plain copy elsewhere), fsynced, then published without ever
 * replacing an existing blob. On any failure the temp file (possibly half written) is removed.
 *
 * @throws BlobNotFoundError when the source does not exist; the fs error otherwise (`EEXIST`
 *   when the target exists).
 */
export async function copyBlob(
  layout: FsLayout,
  sourceBlob: string,
  targetBlob: string,
  copy: CopyFileFn = copyFile,
): Promise<{ size: number }> {
  const target = blobPath(layout, targetBlob);
  const tmp = tempPath(layout.tmpDir);
  try {
    await copyFirstFound(blobPaths(layout, sourceBlob), tmp, copy, () => {
      throw new BlobNotFoundError(sourceBlob, { backend: layout.name });
    });
    const handle = await open(tmp, 'r+');
    let size: number;
    try {
      size = (await handle.stat()).size;
      if (layout.fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await mkdir(dirname(target), { recursive: true });
    await publishExclusive(tmp, target);
    if (layout.fsync) await syncDir(dirname(target));
    return { size };
  } catch (err) {
    // Also after a failed copyFile: it may have created (and partly written) the temp file.
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** Copies the first of `sources` that exists to `target`; `missing()` when none does. */
async function copyFirstFound(
  sources: Iterable<string>,
  target: string,
  copy: CopyFileFn,
  missing: () => never,
): Promise<void> {
  for (const source of sources) {
    try {
      await copy(source, target, constants.COPYFILE_FICLONE);
      return;
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }
  missing();
}
