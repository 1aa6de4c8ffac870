import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createFsBackend } from '../fs-backend.js';
import type { BackendUnderTest } from './conformance.js';
import { tempDir } from './test-helpers.js';

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return [];
    throw err;
  }
}

/** A fresh fs backend in a temp directory; its leftovers are temp files and open uploads. */
export async function fsFixture(): Promise<BackendUnderTest> {
  const dir = await tempDir();
  const backend = createFsBackend({ name: 'local', root: dir.path, fsync: false });
  return {
    backend,
    async leftovers() {
      const tmp = await entries(join(dir.path, 'tmp'));
      const uploads = await entries(join(dir.path, 'uploads'));
      return [...tmp.map((f) => `tmp/${f}`), ...uploads.map((id) => `uploads/${id}`)];
    },
    async [Symbol.asyncDispose]() {
      await backend.close();
      await dir[Symbol.asyncDispose]();
    },
  };
}
