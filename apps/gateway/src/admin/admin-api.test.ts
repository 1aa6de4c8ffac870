import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3Client, type S3Client } from '@strata/s3-client';
import {
  startTcpProxy,
  TEST_DIALECTS,
  usePostgresTestDatabase,
  type TcpProxy,
} from '@strata/metastore-core/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load-config.js';
import { startGateway, type RunningGateway } from '../server/start-gateway.js';
import { openApiViolations } from './testing/openapi-violations.js';
import type { AdminBackends } from './read-backends.js';
import type { AdminBuckets } from './read-buckets.js';
import type { AdminStatus } from './read-status.js';
import type { AdminWorkers } from './read-workers.js';

const postgres = await usePostgresTestDatabase();
const credentials = { accessKeyId: 'AKADMINTEST0001', secretAccessKey: 'admin-test-secret-0123' };
const TOKEN = 'admin-token-0123456789abcdef0123456789';
const OTHER_TOKEN = 'second-admin-token-0123456789abcdef01';
const WORKERS = [
  'pending-write-reaper',
  'cleanup-processor',
  'multipart-gc',
  'replicator',
  'drainer',
  'lifecycle',
  'scrubber',
  'surplus-cleaner',
  'notifier',
];

/** GET an admin path with the given bearer token (none when `null`). */
async function getJson(base: string, path: string, token: string | null = TOKEN) {
  const res = await fetch(`${base}/admin/v1${path}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), text, res };
}

const json = <T>(text: string): T => JSON.parse(text) as T;

for (const dialect of TEST_DIALECTS) {
  const unavailable =
    dialect === 'postgres' && postgres.unreachable !== undefined && !process.env.CI;
  describe.skipIf(unavailable)(`admin API on the main listener (${dialect} metastore)`, () => {
    let dir: string;
    let gateway: RunningGateway;
    let s3: S3Client;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'strata-admin-'));
      gateway = await startGateway(
        validateConfig({
          listen: '127.0.0.1:0',
          data_dir: dir,
          metastore:
            dialect === 'postgres'
              ? `${postgres.url}?schema=${postgres.schemaFor('admin_api')}`
              : undefined,
          credentials: [
            {
              access_key_id: credentials.accessKeyId,
              secret_access_key: credentials.secretAccessKey,
            },
          ],
          backends: [
            { type: 'fs', name: 'disk1', path: join(dir, 'disk1'), fsync: false },
            {
              type: 'fs',
              name: 'archive',
              path: join(dir, 'archive'),
              fsync: false,
              state: 'readonly',
              quota_bytes: '1GiB',
              quota_objects: 1000,
            },
          ],
          admin: { tokens: [TOKEN, OTHER_TOKEN] },
        }),
        { logger: pino({ level: 'silent' }) },
      );
      s3 = createS3Client({ endpoint: gateway.url, credentials });
    });
    afterAll(async () => {
      await s3?.close();
      await gateway?.close();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('is served on the main listener', () => {
      expect(gateway.adminUrl).toBe(gateway.url);
    });

    it('status: version, instance id, uptime and a reachable metastore of its dialect', async () => {
      const { status, type, text } = await getJson(gateway.url, '/status');
      expect(status).toBe(200);
      expect(type).toMatch(/^application\/json/);
      const body = json<AdminStatus>(text);
      expect(body).toEqual({
        version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown,
        instanceId: gateway.instanceId,
        startedAt: expect.any(String) as unknown,
        uptimeSeconds: expect.any(Number) as unknown,
        metastore: { dialect, reachable: true, error: null },
      });
      expect(Date.parse(body.startedAt)).toBeLessThanOrEqual(Date.now());
      expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
    });

    it('buckets: a bucket created over S3 appears, with its usage after a PUT', async () => {
      await s3.createBucket('photos');
      const empty = json<AdminBuckets>((await getJson(gateway.url, '/buckets')).text);
      expect(empty.buckets.find((b) => b.name === 'photos')?.usage).toEqual({
        bytes: 0,
        objects: 0,
      });
      await s3.putObject('photos', 'a.jpg', Buffer.alloc(3000, 7));
      await s3.putObject('photos', 'b.jpg', Buffer.alloc(1000, 8));
      const { status, text } = await getJson(gateway.url, '/buckets');
      expect(status).toBe(200);
      const photos = json<AdminBuckets>(text).buckets.find((b) => b.name === 'photos');
      expect(photos).toEqual({
        name: 'photos',
        owner: expect.any(String) as unknown,
        region: 'us-east-1',
        createdAt: expect.any(String) as unknown,
        versioning: 'Unversioned',
        usage: { bytes: 4000, objects: 2 },
      });
      expect(Math.abs(Date.parse(photos!.createdAt) - Date.now())).toBeLessThan(60_000);
    });

    it('backends: type, state, breaker, usage and quota of each', async () => {
      await s3.createBucket('docs');
      await s3.putObject('docs', 'x.txt', Buffer.alloc(500, 1));
      const { status, text } = await getJson(gateway.url, '/backends');
      expect(status).toBe(200);
      const body = json<AdminBackends>(text);
      expect(body.metastoreReachable).toBe(true);
      const disk1 = body.backends.find((b) => b.name === 'disk1');
      // Only disk1 takes writes (archive is readonly): every byte written so far is there.
      expect(disk1).toEqual({
        name: 'disk1',
        type: 'fs',
        state: 'active',
        configuredState: 'active',
        stateSetAt: null,
        circuit: 'closed',
        usage: { bytes: expect.any(Number) as unknown, objects: expect.any(Number) as unknown },
        quota: { bytes: null, objects: null },
      });
      expect(disk1!.usage!.bytes).toBeGreaterThanOrEqual(500);
      expect(body.backends.find((b) => b.name === 'archive')).toEqual({
        name: 'archive',
        type: 'fs',
        state: 'readonly',
        configuredState: 'readonly',
        stateSetAt: null,
        circuit: 'closed',
        usage: { bytes: 0, objects: 0 },
        quota: { bytes: 1024 ** 3, objects: 1000 },
      });
    });

    it('workers: every worker with its runs, last result and this instance as lease holder', async () => {
      let body: AdminWorkers | undefined;
      // The workers start with the gateway; each takes its lease and runs once at once.
      for (let i = 0; i < 100; i++) {
        body = json<AdminWorkers>((await getJson(gateway.url, '/workers')).text);
        if (body.workers.every((w) => w.runs > 0 && w.lastRunEndedAt !== null)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(body!.enabled).toBe(true);
      expect(body!.instanceId).toBe(gateway.instanceId);
      expect(body!.workers.map((w) => w.name)).toEqual(WORKERS);
      for (const worker of body!.workers) {
        expect(worker.runs).toBeGreaterThan(0);
        expect(worker.lastError).toBeNull();
        expect(worker.lastResult).toEqual(expect.any(Object));
        expect(worker.lease).toMatchObject({
          name: `worker:${worker.name}`,
          held: true,
          holder: gateway.instanceId,
          lastError: null,
        });
        expect(Date.parse(worker.lease!.expiresAt!)).toBeGreaterThan(Date.now());
      }
    });

    it('401 JSON without a token, with a wrong one, or with an S3 signature; any listed token opens it', async () => {
      for (const token of [null, 'wrong', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
        const { status, type, text, res } = await getJson(gateway.url, '/status', token);
        expect(status).toBe(401);
        expect(type).toMatch(/^application\/json/);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(json(text)).toEqual({
          error: { code: 'Unauthorized', message: expect.stringContaining('Bearer') as unknown },
        });
      }
      // Unknown paths are not revealed before authentication either.
      expect((await getJson(gateway.url, '/nope', null)).status).toBe(401);
      expect((await getJson(gateway.url, '/status', OTHER_TOKEN)).status).toBe(200);
      // A request signed with valid S3 credentials is not an admin request.
      const signed = await s3.getObject('admin', 'v1/status').catch((e: unknown) => e);
      expect(signed).toMatchObject({ status: 401 });
    });

    it('an admin token is no S3 credential', async () => {
      const res = await fetch(`${gateway.url}/photos?list-type=2`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const body = await res.text();
      expect([400, 403]).toContain(res.status);
      expect(body).toMatch(/^<\?xml[\s\S]*<Code>\w+<\/Code>/);
      expect(body).not.toContain('ListBucketResult');
    });

    it('every answer has the shape the OpenAPI document gives it', async () => {
      const shapes = {
        status: 'Status',
        backends: 'Backends',
        workers: 'Workers',
        buckets: 'Buckets',
      };
      for (const [path, schema] of Object.entries(shapes)) {
        const { text } = await getJson(gateway.url, `/${path}`);
        expect(openApiViolations(JSON.parse(text), schema)).toEqual([]);
      }
      const { text } = await getJson(gateway.url, '/nope');
      expect(openApiViolations(JSON.parse(text), 'Error')).toEqual([]);
      // The check itself notices a departure.
      expect(openApiViolations({ buckets: [{ name: 1 }] }, 'Buckets')).toContain(
        'Buckets.buckets[0].name: integer, expected string',
      );
    });

    it('404 JSON for an unknown admin path, 405 for another method', async () => {
      const missing = await getJson(gateway.url, '/nope');
      expect(missing.status).toBe(404);
      expect(json(missing.text)).toEqual({
        error: { code: 'NotFound', message: expect.stringContaining('/admin/v1/nope') as unknown },
      });
      const post = await fetch(`${gateway.url}/admin/v1/status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
      expect(json(await post.text())).toMatchObject({ error: { code: 'MethodNotAllowed' } });
    });
  });
}

describe.skipIf(postgres.unreachable !== undefined && !process.env.CI)(
  'admin API while the metastore is unreachable (postgres)',
  () => {
    let dir: string;
    let proxy: TcpProxy;
    let gateway: RunningGateway;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'strata-admin-down-'));
      const url = new URL(postgres.url);
      proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
      url.host = `127.0.0.1:${proxy.port}`;
      url.searchParams.set('schema', postgres.schemaFor('admin_down'));
      gateway = await startGateway(
        validateConfig({
          listen: '127.0.0.1:0',
          data_dir: dir,
          metastore: url.toString(),
          credentials: [
            {
              access_key_id: credentials.accessKeyId,
              secret_access_key: credentials.secretAccessKey,
            },
          ],
          workers: { enabled: false },
          admin: { tokens: [TOKEN] },
        }),
        { logger: pino({ level: 'silent' }) },
      );
      await proxy.close();
    });
    afterAll(async () => {
      await gateway?.close();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('status says so, backends answer without usage, buckets are 503 JSON', async () => {
      const status = json<AdminStatus>((await getJson(gateway.url, '/status')).text);
      expect(status.metastore).toEqual({
        dialect: 'postgres',
        reachable: false,
        error: expect.any(String) as unknown,
      });
      const backends = await getJson(gateway.url, '/backends');
      expect(backends.status).toBe(200);
      expect(json<AdminBackends>(backends.text)).toMatchObject({
        metastoreReachable: false,
        backends: [{ name: 'local', state: 'active', usage: null }],
      });
      const buckets = await getJson(gateway.url, '/buckets');
      expect(buckets.status).toBe(503);
      expect(json(buckets.text)).toMatchObject({ error: { code: 'ServiceUnavailable' } });
    });
  },
);
