import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compareBytes } from './byte-order.js';

/** A resumable download's temporary file or journal (see `DownloadJournal`). */
const RESUME_STATE = /^\..+\.strata-resume\.(part|json)$/;

/** A regular file found under a directory. */
export interface LocalFile {
  /** Its path on disk. */
  path: string;
  /** Its path below the root, `/`-separated: what follows the prefix in its key. */
  relPath: string;
  size: number;
  mtimeMs: number;
}

/**
 * Every regular file under `root`, lazily, in UTF-8 byte order of `relPath` (the order S3 lists
 * the matching keys in), so a walk and a listing can be merged without holding either. A folder
 * sorts as its name plus `/`, which is where its files' keys sort. One folder's entries are
 * held at a time per level; symbolic links and other non-regular files are skipped, and so are
 * the state files of a resumable download (`.<name>.strata-resume.part|json`): they are this
 * engine's own, neither data to upload nor extra files to delete.
 */
export async function* walkDirectory(
  root: string,
  relDir = '',
): AsyncGenerator<LocalFile, void, undefined> {
  const dir = relDir === '' ? root : join(root, relDir);
  const entries: { name: string; sortKey: string; isDir: boolean }[] = [];
  for await (const entry of await opendir(dir)) {
    if (entry.isDirectory())
      entries.push({ name: entry.name, sortKey: `${entry.name}/`, isDir: true });
    else if (entry.isFile() && !RESUME_STATE.test(entry.name))
      entries.push({ name: entry.name, sortKey: entry.name, isDir: false });
  }
  entries.sort((a, b) => compareBytes(a.sortKey, b.sortKey));
  for (const entry of entries) {
    const relPath = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
    if (entry.isDir) {
      yield* walkDirectory(root, relPath);
      continue;
    }
    const path = join(root, relPath);
    const s = await stat(path).catch(() => undefined);
    // A file removed since the folder was read is simply not there any more.
    if (s?.isFile() === true) yield { path, relPath, size: s.size, mtimeMs: s.mtimeMs };
  }
}
