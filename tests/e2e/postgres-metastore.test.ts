/**
 * The same SDK scenarios as `sdk.test.ts`, with the gateway's metadata in the machine's real
 * PostgreSQL (`metastore: postgres://…`) instead of SQLite: one schema per run, dropped after.
 * Encrypted objects keep their wrapped data keys there.
 * With `CI` set, an unreachable PostgreSQL fails this suite rather than skipping it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { defineEncryptionTests } from './sdk/encryption-tests.js';
import { defineErrorTests } from './sdk/error-tests.js';
import { defineListTests } from './sdk/list-tests.js';
import { defineMultipartTests } from './sdk/multipart-tests.js';
import { defineObjectTests } from './sdk/object-tests.js';
import { definePresignTests } from './sdk/presign-tests.js';
import { defineReadTests } from './sdk/read-tests.js';
import { defineObjectLockTests } from './sdk/object-lock-tests.js';
import { defineVersioningTests } from './sdk/versioning-tests.js';
import { createSdkEnv, expectRequestIds, type SdkEnv } from './sdk/sdk-env.js';
import { withEncryption } from './support/strata-config.js';
import { startStrata, type StrataProcess } from './support/strata-process.js';

const DATABASE_URL =
  process.env.STRATA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `strata_e2e_${randomBytes(4).toString('hex')}`;

describe('AWS SDK v3 against a gateway on PostgreSQL', () => {
  let configDir: string;
  let strata: StrataProcess;
  let env: SdkEnv;
  const current = () => env;

  beforeAll(async () => {
    configDir = await mkdtemp(join(tmpdir(), 'strata-e2e-pg-'));
    strata = await startStrata(
      await withEncryption(configDir, {
        args: ['--metastore', `${DATABASE_URL}?schema=${schema}`],
      }),
    );
    env = createSdkEnv({
      transport: 'http',
      style: 'path',
      checksums: 'WHEN_SUPPORTED',
      port: strata.port,
      ca: undefined,
      dataDir: strata.dataDir,
    });
  });
  afterAll(async () => {
    env?.client.destroy();
    await env?.dispatcher.close();
    await strata?.[Symbol.asyncDispose]();
    if (configDir) await rm(configDir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });
  beforeEach(() => {
    env.responses.length = 0;
  });
  afterEach(() => expectRequestIds(env.responses));

  defineObjectTests(current);
  defineReadTests(current);
  defineListTests(current);
  defineMultipartTests(current);
  defineErrorTests(current);
  definePresignTests(current);
  defineEncryptionTests(current);
  defineVersioningTests(current);
  defineObjectLockTests(current);
});
