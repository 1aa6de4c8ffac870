import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { TestServer } from './start-strata.js';

/** Starts s3rver (which verifies SigV4 with its built-in `S3RVER`/`S3RVER` key) on loopback. */
export async function startS3rver(): Promise<TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 's3-client-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const address = (await server.run()) as AddressInfo;
  return {
    name: 's3rver',
    endpoint: `http://127.0.0.1:${address.port}`,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
