import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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
import type { AdminDrain } from './backend-routes.js';
import type { AdminBackend, AdminBackends } from './read-backends.js';

const postgres = await usePostgresTestDatabase();
const credentials = { accessKeyId: 'AKADMINDRAIN001', secretAccessKey: 'admin-drain-secret-0123' };
const TOKEN = 'backend-routes-token-0123456789abcdef01';
const READ_TOKEN = 'backend-routes-read-only-0123456789abcdef';

/** An admin request with the token; `body` is sent as JSON (a string as is). */
async function admin(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token: string = TOKEN,
) {
  const res = await fetch(`${base}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, allow: res.headers.get('allow'), json: JSON.parse(text) as unknown };
}

/** Polls `read` until `done` holds of its result (within 20 s), and resolves that result. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}

for (const dialect of TEST_DIALECTS) {
  const unavailable =
    dialect === 'postgres' && postgres.unreachable !== undefined && !process.env.CI;
  describe.skipIf(unavailable)(`backend states and drains at runtime (${dialect})`, () => {
    let dir: string;
    let proxy: TcpProxy | undefined;
    /** Runs the workers (the drainer). */
    let a: RunningGateway;
    /** Runs none, and reads the states every 100 ms. */
    let b: RunningGateway;
    let s3a: S3Client;
    let s3b: S3Client;
    let metastore: string;

    const start = (name: string, workers: boolean) =>
      startGateway(
        validateConfig({
          listen: '127.0.0.1:0',
          data_dir: join(dir, name),
          metastore,
          credentials: [
            {
              access_key_id: credentials.accessKeyId,
              secret_access_key: credentials.secretAccessKey,
            },
          ],
          // One set of disks, shared by every instance, as one set of S3 services would be.
          backends: [
            { type: 'fs', name: 'disk1', path: join(dir, 'disk1'), fsync: false },
            { type: 'fs', name: 'disk2', path: join(dir, 'disk2'), fsync: false },
          ],
          backend_state_refresh: '100ms',
          workers: { enabled: workers, drain_interval: '200ms', cleanup_interval: '200ms' },
          admin: { tokens: [TOKEN], read_only_tokens: [READ_TOKEN] },
        }),
        { logger: pino({ level: 'silent' }) },
      );

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'strata-backend-routes-'));
      if (dialect === 'postgres') {
        // Through a proxy that adds latency: every await on the metastore really waits.
        const url = new URL(postgres.url);
        proxy = await startTcpProxy(url.hostname, Number(url.port || 5432), { latencyMs: 3 });
        url.host = `127.0.0.1:${proxy.port}`;
        url.searchParams.set('schema', postgres.schemaFor('backend_routes'));
        metastore = url.toString();
      } else {
        metastore = join(dir, 'metastore.db');
      }
      a = await start('a', true);
      b = await start('b', false);
      s3a = createS3Client({ endpoint: a.url, credentials });
      s3b = createS3Client({ endpoint: b.url, credentials });
    });
    afterAll(async () => {
      await s3a?.close();
      await s3b?.close();
      await a?.close();
      await b?.close();
      await proxy?.close();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    const backend = async (gateway: RunningGateway, name: string) =>
      (await admin(gateway.url, 'GET', `/backends/${name}`)).json as AdminBackend;

    it('a read-only token reads everything and changes nothing: 403 Forbidden', async () => {
      const read = await admin(a.url, 'GET', '/backends/disk1', undefined, READ_TOKEN);
      expect(read.status).toBe(200);
      expect(read.json).toMatchObject({ name: 'disk1', state: 'active', stateSetAt: null });
      for (const [method, path, body] of [
        ['PUT', '/backends/disk1/state', { state: 'readonly' }],
        ['DELETE', '/backends/disk1/state', undefined],
        ['POST', '/backends/disk1/drain', undefined],
        ['POST', '/queues/cleanup/dead/retry?ids=1', undefined],
        ['DELETE', '/queues/cleanup/dead?ids=1', undefined],
      ] as const) {
        const refused = await admin(a.url, method, path, body, READ_TOKEN);
        expect(refused.status, `${method} ${path}`).toBe(403);
        expect(refused.json).toMatchObject({ error: { code: 'Forbidden' } });
        expect(openApiViolations(refused.json, 'Error')).toEqual([]);
      }
      expect((await backend(a, 'disk1')).stateSetAt).toBeNull();
      expect((await backend(a, 'disk1')).state).toBe('active');
      // The same change with a full token goes through.
      const set = await admin(a.url, 'PUT', '/backends/disk1/state', { state: 'readonly' });
      expect(set.status).toBe(200);
      expect((await admin(a.url, 'DELETE', '/backends/disk1/state')).status).toBe(200);
    });

    it('a state set on one instance applies on every instance, and a reset brings the config back', async () => {
      const set = await admin(a.url, 'PUT', '/backends/disk1/state', { state: 'readonly' });
      expect(set.status).toBe(200);
      expect(set.json).toMatchObject({
        name: 'disk1',
        state: 'readonly',
        configuredState: 'active',
        stateSetAt: expect.any(String) as unknown,
      });
      // b picks it up from the metastore: its writes go to disk2 only.
      expect(
        (
          await until(
            () => backend(b, 'disk1'),
            (v) => v.state === 'readonly',
          )
        ).state,
      ).toBe('readonly');
      await s3b.createBucket('logs');
      for (let i = 0; i < 5; i++) await s3b.putObject('logs', `k${i}`, Buffer.alloc(2000, i));
      const list = (await admin(a.url, 'GET', '/backends')).json as AdminBackends;
      expect(list.backends.find((x) => x.name === 'disk2')?.usage).toEqual({
        bytes: 10_000,
        objects: 5,
      });
      expect(list.backends.find((x) => x.name === 'disk1')?.usage).toEqual({
        bytes: 0,
        objects: 0,
      });

      // An instance started later applies it before it serves.
      const c = await start('c', false);
      try {
        expect(await backend(c, 'disk1')).toMatchObject({ state: 'readonly' });
      } finally {
        await c.close();
      }

      expect(openApiViolations(set.json, 'Backend')).toEqual([]);
      const reset = await admin(b.url, 'DELETE', '/backends/disk1/state');
      expect(reset.status).toBe(200);
      expect(reset.json).toMatchObject({ state: 'active', stateSetAt: null });
      expect(
        (
          await until(
            () => backend(a, 'disk1'),
            (v) => v.state === 'active',
          )
        ).state,
      ).toBe('active');
    });

    it('drains a backend without a restart: progress until nothing is left, every byte still served', async () => {
      const started = await admin(b.url, 'POST', '/backends/disk2/drain');
      expect(started.status).toBe(202);
      expect(started.json).toEqual({
        backend: 'disk2',
        state: 'draining',
        draining: true,
        remaining: { bytes: 10_000, objects: 5 },
        done: false,
      });
      expect(openApiViolations(started.json, 'Drain')).toEqual([]);
      // The drainer runs on a, which sees the state within its refresh.
      const finished = await until(
        async () => (await admin(b.url, 'GET', '/backends/disk2/drain')).json as AdminDrain,
        (d) => d.done,
      );
      expect(finished).toEqual({
        backend: 'disk2',
        state: 'draining',
        draining: true,
        remaining: { bytes: 0, objects: 0 },
        done: true,
      });
      for (let i = 0; i < 5; i++) {
        const got = await s3a.getObject('logs', `k${i}`);
        expect(Buffer.concat((await got.body.toArray()) as Buffer[])).toEqual(
          Buffer.alloc(2000, i),
        );
      }
      const disks = (await admin(a.url, 'GET', '/backends')).json as AdminBackends;
      expect(disks.backends.find((x) => x.name === 'disk1')?.usage).toEqual({
        bytes: 10_000,
        objects: 5,
      });

      const cancelled = await admin(a.url, 'DELETE', '/backends/disk2/drain');
      expect(cancelled.status).toBe(200);
      expect(cancelled.json).toMatchObject({ state: 'active', draining: false, done: false });
      expect(await backend(a, 'disk2')).toMatchObject({ state: 'active', stateSetAt: null });
    });

    it('refuses what it cannot do with the error that says why, and changes nothing', async () => {
      const before = await backend(a, 'disk1');
      const cases: [string, string, unknown, number, string][] = [
        ['PUT', '/backends/nope/state', { state: 'draining' }, 404, 'NotFound'],
        ['GET', '/backends/nope', undefined, 404, 'NotFound'],
        ['POST', '/backends/nope/drain', undefined, 404, 'NotFound'],
        ['PUT', '/backends/disk1/state', { state: 'gone' }, 400, 'BadRequest'],
        ['PUT', '/backends/disk1/state', '{"state":', 400, 'BadRequest'],
        ['PUT', '/backends/disk1/state', undefined, 400, 'BadRequest'],
        ['PUT', '/backends/disk1/state', 'x'.repeat(20_000), 413, 'PayloadTooLarge'],
        ['DELETE', '/backends/disk1/drain', undefined, 409, 'Conflict'],
      ];
      for (const [method, path, body, status, code] of cases) {
        const res = await admin(a.url, method, path, body);
        expect({ method, path, status: res.status, json: res.json }).toMatchObject({
          status,
          json: { error: { code, message: expect.any(String) as unknown } },
        });
      }
      const refused = await admin(a.url, 'PUT', '/backends/disk1/state', { state: 'gone' });
      expect(openApiViolations(refused.json, 'Error')).toEqual([]);
      const wrongMethod = await admin(a.url, 'GET', '/backends/disk1/state');
      expect(wrongMethod).toMatchObject({ status: 405, allow: 'PUT, DELETE' });
      expect(await backend(a, 'disk1')).toEqual(before);

      // A removed backend's copies cannot be moved by reading them: its drain is refused.
      await admin(a.url, 'PUT', '/backends/disk2/state', { state: 'removed' });
      const removed = await admin(a.url, 'POST', '/backends/disk2/drain');
      expect(removed).toMatchObject({ status: 409, json: { error: { code: 'Conflict' } } });
      await admin(a.url, 'DELETE', '/backends/disk2/state');
      expect(await backend(a, 'disk2')).toMatchObject({ state: 'active' });
    });
  });
}
