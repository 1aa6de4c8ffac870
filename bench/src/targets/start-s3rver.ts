import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawnTracked, stopChild } from '../internal/children.js';
import { freePort, waitForHttp } from '../internal/net.js';
import { makeTempDir, removeTempDir } from '../internal/temp-dirs.js';
import type { RunningTarget } from './target.js';

/** Starts s3rver (npm) as its own process with its own data directory, `--silent`. */
export async function startS3rver(): Promise<RunningTarget> {
  const pkg = createRequire(import.meta.url).resolve('s3rver/package.json');
  const dir = await makeTempDir('s3rver');
  const port = await freePort();
  const child = spawnTracked(
    process.execPath,
    [
      // s3rver encrypts continuation tokens with DES, which OpenSSL 3 disables by default:
      // without the legacy provider every truncated ListObjectsV2 page is a 500.
      '--openssl-legacy-provider',
      join(dirname(pkg), 'bin/s3rver.js'),
      '-d',
      dir,
      '-a',
      '127.0.0.1',
      '-p',
      String(port),
      '--silent',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForHttp(`${endpoint}/`, 30_000, () => child.exitCode === null);
  let closed = false;
  return {
    name: 's3rver',
    available: true,
    endpoint,
    // s3rver's built-in account (lib/models/account.js).
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    pid: child.pid ?? 0,
    canList: true,
    async close() {
      if (closed) return;
      closed = true;
      await stopChild(child);
      await removeTempDir(dir);
    },
  };
}
