/**
 * The AWS SDK for JavaScript v3 against the real `strata` binary: HTTP and HTTPS, path and
 * virtual-host style, with the SDK's default checksums (CRC32, aws-chunked trailers) and with
 * checksums only when required. The gateway has encryption keys (SSE-S3/KMS stored encrypted) and
 * refuses customer keys over plain HTTP, as S3 does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { defineEncryptionTests } from './sdk/encryption-tests.js';
import { defineErrorTests } from './sdk/error-tests.js';
import { defineTaggingTests } from './sdk/tagging-tests.js';
import { defineListTests } from './sdk/list-tests.js';
import { defineMultipartTests } from './sdk/multipart-tests.js';
import { defineObjectTests } from './sdk/object-tests.js';
import { definePresignTests } from './sdk/presign-tests.js';
import { defineReadTests } from './sdk/read-tests.js';
import { defineObjectLockTests } from './sdk/object-lock-tests.js';
import { defineVersioningTests } from './sdk/versioning-tests.js';
import {
  createSdkEnv,
  expectRequestIds,
  STYLES,
  TRANSPORTS,
  VIRTUAL_HOST_DOMAIN,
  type SdkEnv,
} from './sdk/sdk-env.js';
import { createRequire } from 'node:module';
import { createCompatRecorder } from './support/compat-matrix.js';
import { CHECKSUM_MODES } from './support/s3-client.js';
import { withEncryption } from './support/strata-config.js';
import { startStrata, type StrataProcess } from './support/strata-process.js';
import { createTestCertificate, type TestCertificate } from './support/tls-certificate.js';

const recorder = createCompatRecorder('aws-sdk-js-v3');
recorder.version(
  'AWS SDK v3',
  `@aws-sdk/client-s3 ${(createRequire(import.meta.url)('@aws-sdk/client-s3/package.json') as { version: string }).version}`,
);

const CELLS = STYLES.flatMap((style) => CHECKSUM_MODES.map((checksums) => ({ style, checksums })));

describe.each(TRANSPORTS)('AWS SDK v3 over %s', (transport) => {
  let certDir: string;
  let cert: TestCertificate | undefined;
  let strata: StrataProcess;

  beforeAll(async () => {
    certDir = await mkdtemp(join(tmpdir(), 'strata-e2e-cert-'));
    cert = transport === 'https' ? await createTestCertificate(certDir) : undefined;
    strata = await startStrata(
      await withEncryption(certDir, {
        args: ['--domain', VIRTUAL_HOST_DOMAIN],
        ...(cert ? { tls: cert } : {}),
      }),
    );
  });
  afterAll(async () => {
    await strata?.[Symbol.asyncDispose]();
    await rm(certDir, { recursive: true, force: true });
  });

  describe.each(CELLS)('$style style, checksums $checksums', ({ style, checksums }) => {
    recorder.track(`AWS SDK v3 (${style} style, ${checksums})`, transport);
    let env: SdkEnv;
    const current = () => env;
    beforeAll(() => {
      env = createSdkEnv({
        transport,
        style,
        checksums,
        port: strata.port,
        ca: cert?.ca,
        dataDir: strata.dataDir,
      });
    });
    afterAll(async () => {
      env?.client.destroy();
      await env?.dispatcher.close();
    });
    beforeEach(() => {
      env.responses.length = 0;
    });
    // Invariant: every response, success or error, carries x-amz-request-id and x-amz-id-2.
    afterEach(() => expectRequestIds(env.responses));

    // Each area is one capability of the compatibility matrix.
    describe('objects and metadata', () => defineObjectTests(current));
    describe('reads, ranges, conditionals', () => defineReadTests(current));
    describe('listing', () => defineListTests(current));
    describe('multipart', () => defineMultipartTests(current));
    describe('tagging', () => defineTaggingTests(current));
    describe('versioning', () => defineVersioningTests(current));
    describe('object lock', () => defineObjectLockTests(current));
    describe('errors', () => defineErrorTests(current));
    describe('presigned URLs', () => definePresignTests(current));
    describe('server-side encryption', () => defineEncryptionTests(current));
  });
});
