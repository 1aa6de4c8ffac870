/**
 * `@strata/backend-pool/testing`: the driver-agnostic {@link ObjectBackend} conformance suite, for
 * running it against more drivers and servers than this package's own tests do (a Ceph RGW, a
 * MinIO), and the fixtures it runs on. Nothing here is a mock: fixtures hand out real drivers on
 * real directories and real S3 servers.
 *
 * The suite registers vitest tests (`vitest` is an optional peer dependency, needed by this
 * entry point only). {@link S3_TEST_SERVERS} start servers from `@strata/s3-client/testing`:
 * s3rver (its optional peer dependency `s3rver`) and this monorepo's gateway binary (built).
 *
 * @example
 * ```ts
 * import { describeBackendConformance, s3Fixture, S3_DRIVER_QUIRKS } from '@strata/backend-pool/testing';
 *
 * const rgw = { name: 'rgw', start: startRgw, listsUploads: true, quirks: RGW_QUIRKS };
 * describe('S3 driver on RGW', () => {
 *   const server = useS3TestServer(rgw);
 *   describeBackendConformance('s3 on rgw', () => s3Fixture(server(), rgw, ''), {
 *     ...S3_DRIVER_QUIRKS,
 *     ...RGW_QUIRKS,
 *   });
 * });
 * ```
 *
 * @module
 */
export { describeBackendConformance, FULL_CONTRACT } from './conformance.js';
export type {
  BackendFactory,
  BackendUnderTest,
  ConformanceContext,
  ConformanceQuirks,
} from './conformance.js';
export { fsFixture } from './fs-fixture.js';
export {
  S3_DRIVER_QUIRKS,
  S3_TEST_SERVERS,
  S3RVER_QUIRKS,
  s3Fixture,
  useS3TestServer,
} from './s3-test-servers.js';
export type { S3TestServerSpec } from './s3-test-servers.js';
