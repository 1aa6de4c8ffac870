/**
 * `@strata/s3-client/testing`: real S3 servers for test suites, and a fault-injecting TCP proxy.
 * Nothing here is a mock: the servers are s3rver (an npm package, loaded on first use) and a
 * second, real Strata gateway.
 *
 * `startStrata` runs the gateway binary of this monorepo (`apps/gateway/bin/strata.js`, built
 * with `pnpm turbo run build --filter @strata/gateway`), so it only works inside the repository.
 * `startS3rver` needs the optional peer dependency `s3rver`.
 *
 * @example
 * ```ts
 * import { startS3rver } from '@strata/s3-client/testing';
 *
 * const server = await startS3rver();
 * const s3 = createS3Client({ endpoint: server.endpoint, credentials: server.credentials });
 * // …
 * await s3.close();
 * await server.close();
 * ```
 *
 * @module
 */
export { startS3rver } from './start-s3rver.js';
export { startStrata } from './start-strata.js';
export type { TestServer } from './start-strata.js';
export { TcpProxy } from './tcp-proxy.js';
export type { ProxyMode, SeenRequest } from './tcp-proxy.js';
