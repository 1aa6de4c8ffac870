import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the embedded fs backend keeps committed blobs, under a gateway's data dir. */
export function blobsDir(dataDir: string): string {
  return join(dataDir, 'objects', 'blobs');
}

/** Where the embedded fs backend writes blobs in progress. */
export function tmpDir(dataDir: string): string {
  return join(dataDir, 'objects', 'tmp');
}

/** Every regular file under `dir`, recursively, with its size; `[]` when `dir` does not exist. */
export async function listFiles(dir: string): Promise<{ path: string; size: number }[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(
    files.map(async (path) => {
      try {
        return { path, size: (await stat(path)).size };
      } catch {
        // Removed between readdir and stat (a temp file renamed into place): report it empty.
        return { path, size: 0 };
      }
    }),
  );
}

/** Polls `check` every 200 ms until it returns true or `timeoutMs` passes; returns the last result. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
