import { fileURLToPath } from 'node:url';
import { spawnTracked, stopChild } from '../internal/children.js';
import { freePort, waitForHttp } from '../internal/net.js';
import { makeTempDir, removeTempDir } from '../internal/temp-dirs.js';
import type { RunningTarget } from './target.js';

const PEER = fileURLToPath(new URL('../peers/raw-file-server.ts', import.meta.url));

/**
 * Starts the raw file server peer (`peers/raw-file-server.ts`) as its own process: the ceiling
 * for this runtime. With `md5`, it also hashes every PUT body, as an S3 server must for the ETag.
 */
export async function startRaw(md5: boolean): Promise<RunningTarget> {
  const dir = await makeTempDir(md5 ? 'raw-md5' : 'raw');
  const port = await freePort();
  const child = spawnTracked(
    process.execPath,
    ['--import', 'tsx', PEER, dir, String(port), md5 ? 'md5' : 'plain'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForHttp(`${endpoint}/`, 30_000, () => child.exitCode === null);
  let closed = false;
  return {
    name: md5 ? 'raw-md5' : 'raw',
    available: true,
    endpoint,
    accessKeyId: 'unused',
    secretAccessKey: 'unused',
    pid: child.pid ?? 0,
    canList: false,
    async close() {
      if (closed) return;
      closed = true;
      await stopChild(child);
      await removeTempDir(dir);
    },
  };
}
