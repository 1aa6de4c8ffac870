import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3Client, type S3Client } from '@strata/s3-client';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { validateConfig } from '../config/load-config.js';
import { startGateway, type RunningGateway } from '../server/start-gateway.js';
import type { AdminIssuedKey, AdminKey } from './key-routes.js';
import { openApiViolations } from './testing/openapi-violations.js';
import { useRedisTestServer } from '../testing/redis-test-server.js';

// Access keys managed at runtime through the admin API, against real gateways on each metastore:
// a key created there signs S3 requests at once, with its tenant's and buckets' reach; rotated,
// only the new secret works; disabled or deleted, it gets InvalidAccessKeyId; its secret is
// shown once and never listed, and sealed in the metastore. A second gateway on the same store
// sees each change within `admin.keys_refresh`, or at once when they share a Redis.

const postgres = await usePostgresTestDatabase();
const TOKEN = 'keys-admin-token-0123456789abcdef0123';
const READ_TOKEN = 'keys-read-only-token-0123456789abcdef';
const ROOT = { accessKeyId: 'AKKEYSROOT0001', secretAccessKey: 'keys-root-secret-0123' };
const MASTER = 'a-passphrase-of-at-least-32-characters-for-keys';

const errorCode = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error as { code?: string }).code,
  );

for (const dialect of TEST_DIALECTS) {
  describe(`managed access keys (${dialect} metastore)`, () => {
    let dir: string;
    let first: RunningGateway;
    let second: RunningGateway;
    let bare: RunningGateway;
    const clients: S3Client[] = [];
    const s3 = (
      gateway: RunningGateway,
      credentials: { accessKeyId: string; secretAccessKey: string },
    ) => {
      const client = createS3Client({
        endpoint: gateway.url,
        credentials,
        retry: { maxAttempts: 1 },
      });
      clients.push(client);
      return client;
    };
    const admin = async (
      gateway: RunningGateway,
      method: string,
      path: string,
      body?: unknown,
      token = TOKEN,
    ) => {
      const res = await fetch(`${gateway.url}/admin/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'strata-keys-'));
      const metastore =
        dialect === 'postgres'
          ? `${postgres.url}?schema=${postgres.schemaFor('managed_keys')}`
          : undefined;
      const config = (refresh: string, keys = true) =>
        validateConfig({
          listen: '127.0.0.1:0',
          data_dir: dir,
          metastore,
          credentials: [
            { access_key_id: ROOT.accessKeyId, secret_access_key: ROOT.secretAccessKey },
          ],
          tenants: [{ name: 'team', credentials: [] }],
          workers: { enabled: false },
          admin: {
            tokens: [TOKEN],
            read_only_tokens: [READ_TOKEN],
            ...(keys ? { keys_master_key: MASTER, keys_refresh: refresh } : {}),
          },
        });
      const logger = pino({ level: 'silent' });
      first = await startGateway(config('1h'), { logger });
      second = await startGateway(config('200ms'), { logger });
      bare = await startGateway(config('1s', false), { logger });
    });
    afterAll(async () => {
      for (const client of clients) await client.close();
      await first?.close();
      await second?.close();
      await bare?.close();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('creates a key that signs requests at once, shown once, listed without its secret', async () => {
      const created = await admin(first, 'POST', '/keys', { tenant: 'team' });
      expect(created.status).toBe(201);
      expect(openApiViolations(created.body, 'IssuedKey')).toEqual([]);
      const key = created.body as unknown as AdminIssuedKey;
      expect(key).toMatchObject({ tenant: 'team', buckets: null, disabled: false });
      expect(key.accessKeyId).toMatch(/^SK[A-Z0-9]{18}$/);
      expect(key.secretAccessKey).toHaveLength(40);

      const client = s3(first, key);
      await client.createBucket('team-data');
      await client.putObject('team-data', 'a.txt', Buffer.from('hello'));
      // The bucket belongs to the key's tenant: the default tenant's root key does not own it.
      expect(
        await errorCode(s3(first, ROOT).putObject('team-data', 'b.txt', Buffer.from('x'))),
      ).toBe('AccessDenied');
      // Another instance on the same metastore knows it too.
      expect((await s3(second, key).listBuckets()).map((b) => b.name)).toEqual(['team-data']);

      const listed = await admin(first, 'GET', '/keys', undefined, READ_TOKEN);
      expect(listed.status).toBe(200);
      expect(openApiViolations(listed.body, 'Keys')).toEqual([]);
      expect(JSON.stringify(listed.body)).not.toContain(key.secretAccessKey);
      expect((listed.body.keys as AdminKey[]).map((k) => k.accessKeyId)).toContain(key.accessKeyId);
      expect((await admin(first, 'GET', `/keys/${key.accessKeyId}`)).body).toMatchObject({
        accessKeyId: key.accessKeyId,
        tenant: 'team',
      });
    });

    it('limits a key to its buckets', async () => {
      await s3(first, ROOT).createBucket('only-this');
      await s3(first, ROOT).createBucket('not-that');
      const { body } = await admin(first, 'POST', '/keys', { buckets: ['only-this'] });
      const key = body as unknown as AdminIssuedKey;
      expect(key).toMatchObject({ tenant: 'default', buckets: ['only-this'] });
      const client = s3(first, key);
      await client.putObject('only-this', 'k', Buffer.from('v'));
      expect(await errorCode(client.putObject('not-that', 'k', Buffer.from('v')))).toBe(
        'AccessDenied',
      );
    });

    it('rotates: the old secret stops, the new one works, on every instance', async () => {
      const key = (await admin(first, 'POST', '/keys', {})).body as unknown as AdminIssuedKey;
      expect((await s3(second, key).listBuckets()).length).toBeGreaterThanOrEqual(0);
      const rotated = await admin(first, 'POST', `/keys/${key.accessKeyId}/rotate`);
      expect(rotated.status).toBe(200);
      const fresh = rotated.body as unknown as AdminIssuedKey;
      expect(fresh.accessKeyId).toBe(key.accessKeyId);
      expect(fresh.secretAccessKey).not.toBe(key.secretAccessKey);
      expect(await errorCode(s3(first, key).listBuckets())).toBe('SignatureDoesNotMatch');
      expect(await errorCode(s3(first, fresh).listBuckets())).toBe('ok');
      await new Promise((r) => setTimeout(r, 300));
      expect(await errorCode(s3(second, key).listBuckets())).toBe('SignatureDoesNotMatch');
      expect(await errorCode(s3(second, fresh).listBuckets())).toBe('ok');
    });

    it('disables, enables and deletes; a read-only token may only list', async () => {
      const key = (await admin(first, 'POST', '/keys', {})).body as unknown as AdminIssuedKey;
      expect(
        (await admin(first, 'POST', `/keys/${key.accessKeyId}/disable`, undefined, READ_TOKEN))
          .status,
      ).toBe(403);
      const disabled = await admin(first, 'POST', `/keys/${key.accessKeyId}/disable`);
      expect(disabled).toMatchObject({ status: 200, body: { disabled: true } });
      expect(await errorCode(s3(first, key).listBuckets())).toBe('InvalidAccessKeyId');
      await new Promise((r) => setTimeout(r, 300));
      expect(await errorCode(s3(second, key).listBuckets())).toBe('InvalidAccessKeyId');
      expect((await admin(first, 'POST', `/keys/${key.accessKeyId}/enable`)).body).toMatchObject({
        disabled: false,
      });
      expect(await errorCode(s3(first, key).listBuckets())).toBe('ok');
      expect(await admin(first, 'DELETE', `/keys/${key.accessKeyId}`)).toEqual({
        status: 200,
        body: { deleted: key.accessKeyId },
      });
      expect(await errorCode(s3(first, key).listBuckets())).toBe('InvalidAccessKeyId');
      expect((await admin(first, 'DELETE', `/keys/${key.accessKeyId}`)).status).toBe(404);
      expect((await admin(first, 'POST', '/keys/NOPE/rotate')).status).toBe(404);
    });

    it('refuses bad requests, and answers 409 on a gateway without a master key', async () => {
      for (const body of [
        '{"tenant":"nobody"}',
        '{"buckets":[]}',
        '{"buckets":["Bad_Name"]}',
        '{"other":1}',
        'not json',
        '[1]',
      ]) {
        expect((await admin(first, 'POST', '/keys', body)).status, body).toBe(400);
      }
      const off = await admin(bare, 'GET', '/keys');
      expect(off.status).toBe(409);
      expect(off.body).toEqual({
        error: {
          code: 'Conflict',
          message:
            'managed keys are off: set admin.keys_master_key (or admin.keys_master_key_file)',
        },
      });
    });
  });
}

const redis = await useRedisTestServer();

describe.skipIf(redis.skip)(
  `managed key changes announced through Redis (${redis.unreachable ?? redis.url})`,
  () => {
    beforeEach(redis.check);
    let dir: string;
    const gateways: RunningGateway[] = [];
    const clients: S3Client[] = [];
    afterAll(async () => {
      for (const client of clients) await client.close();
      for (const gateway of gateways) await gateway.close();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('a key disabled or rotated on one instance stops working on another at once, not after keys_refresh', async () => {
      dir = await mkdtemp(join(tmpdir(), 'strata-keys-redis-'));
      const config = validateConfig({
        listen: '127.0.0.1:0',
        data_dir: dir,
        redis: redis.url,
        credentials: [{ access_key_id: ROOT.accessKeyId, secret_access_key: ROOT.secretAccessKey }],
        workers: { enabled: false },
        // An hour: without the announcement, the second instance would trust its cache that long.
        admin: { tokens: [TOKEN], keys_master_key: MASTER, keys_refresh: '1h' },
      });
      const logger = pino({ level: 'silent' });
      const [one, two] = [
        await startGateway(config, { logger }),
        await startGateway(config, { logger }),
      ];
      gateways.push(one, two);
      const call = async (gateway: RunningGateway, method: string, path: string) =>
        (
          await fetch(`${gateway.url}/admin/v1${path}`, {
            method,
            headers: { authorization: `Bearer ${TOKEN}` },
          })
        ).json() as Promise<AdminIssuedKey>;
      const key = await call(one, 'POST', '/keys');
      const on = (gateway: RunningGateway, credentials: AdminIssuedKey) => {
        const client = createS3Client({
          endpoint: gateway.url,
          credentials,
          retry: { maxAttempts: 1 },
        });
        clients.push(client);
        return errorCode(client.listBuckets());
      };
      expect(await on(two, key)).toBe('ok');
      const rotated = await call(one, 'POST', `/keys/${key.accessKeyId}/rotate`);
      await vi.waitFor(async () => expect(await on(two, key)).toBe('SignatureDoesNotMatch'), {
        timeout: 5000,
        interval: 100,
      });
      expect(await on(two, rotated)).toBe('ok');
      await call(one, 'POST', `/keys/${key.accessKeyId}/disable`);
      await vi.waitFor(async () => expect(await on(two, rotated)).toBe('InvalidAccessKeyId'), {
        timeout: 5000,
        interval: 100,
      });
    });
  },
);
