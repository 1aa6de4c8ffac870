import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestServer } from './start-strata.js';

/** The part of s3rver's API used here (it ships no types). */
interface S3rverModule {
  default: new (options: {
    port?: number;
    address?: string;
    silent?: boolean;
    directory: string;
  }) => { run(): Promise<unknown>; close(): Promise<void> };
}

// Not a string literal, so the compiler does not look for s3rver's (missing) types, and a
// program that type-checks this file needs no ambient declaration of the module.
const S3RVER: string = 's3rver';

/**
 * Starts s3rver (which verifies SigV4 with its built-in `S3RVER`/`S3RVER` key) on a loopback
 * port, over a fresh temp directory that `close()` removes.
 *
 * s3rver is an optional peer dependency, imported here on first use, so that importing
 * `@strata/s3-client/testing` for {@link startStrata} alone does not need it.
 */
export async function startS3rver(): Promise<TestServer> {
  const { default: S3rver } = (await import(S3RVER)) as S3rverModule;
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
