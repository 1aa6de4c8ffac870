import { mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs = new Set<string>();

/** A fresh directory under `os.tmpdir()`, removed by {@link removeTempDirs}. */
export async function makeTempDir(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `strata-bench-${label}-`));
  dirs.add(dir);
  return dir;
}

/** Removes one temp dir now (a server's data between scenarios). */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/** Removes every temp dir made in this run. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all([...dirs].map((d) => removeTempDir(d)));
}

/** Synchronous variant for `process.on('exit')`. */
export function removeTempDirsSync(): void {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}
