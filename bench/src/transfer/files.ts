import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { MiB } from '../scenarios/scenario.js';

/** A tree of equal-size files under `dir`, spread over ten sub-directories. */
export type FileTree = {
  readonly dir: string;
  readonly files: number;
  readonly fileSize: number;
  /** Paths below `dir`, `/`-separated, in creation order. */
  readonly paths: readonly string[];
};

/** Writes `size` random bytes to `path` in 1 MiB chunks (never a whole file in memory). */
export async function writeRandomFile(path: string, size: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  function* chunks() {
    for (let left = size; left > 0; left -= MiB) yield randomBytes(Math.min(MiB, left));
  }
  await pipeline(chunks(), createWriteStream(path));
}

/** Writes `files` random files of `fileSize` bytes as `d<i % 10>/f<i>.bin` under `dir`. */
export async function writeFileTree(
  dir: string,
  files: number,
  fileSize: number,
): Promise<FileTree> {
  const paths = Array.from({ length: files }, (_, i) => `d${i % 10}/f${i}.bin`);
  for (let d = 0; d < Math.min(files, 10); d++)
    await mkdir(join(dir, `d${d}`), { recursive: true });
  for (const path of paths) await writeFile(join(dir, path), randomBytes(fileSize));
  return { dir, files, fileSize, paths };
}

/** The SHA-256 of a file, streamed. */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Every file below `dir` (relative, `/`-separated) with its size; none when `dir` is missing. */
export async function listLocalTree(dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(dir, path).split(sep).join('/'), (await stat(path)).size);
  }
  return out;
}

/**
 * A copy of `tree` at `dir` made of hard links (no bytes copied; the links keep the originals'
 * mtimes), whose every `1 / share`-th file {@link changeFiles} can replace.
 */
export async function linkTree(tree: FileTree, dir: string): Promise<FileTree> {
  for (const path of tree.paths) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await link(join(tree.dir, path), join(dir, path));
  }
  return { ...tree, dir };
}

/**
 * Replaces every `every`-th file of `tree` (10% for 10) by a new file `grow` bytes longer, with
 * a new mtime: what every tool's sync sees as changed, whether it compares sizes, mtimes or
 * digests. Returns the paths changed.
 */
export async function changeFiles(tree: FileTree, every: number, grow: number): Promise<string[]> {
  const changed = tree.paths.filter((_, i) => i % every === 0);
  for (const path of changed) {
    // Unlink first: the file is a hard link to the original tree, which must stay as it is.
    await unlink(join(tree.dir, path));
    await writeFile(join(tree.dir, path), randomBytes(tree.fileSize + grow));
  }
  return changed;
}
