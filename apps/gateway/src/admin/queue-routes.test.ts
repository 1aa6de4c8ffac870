import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetaStore } from '@strata/metastore-core';
import {
  startTcpProxy,
  TEST_DIALECTS,
  usePostgresTestDatabase,
  type TcpProxy,
} from '@strata/metastore-core/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load-config.js';
import { openMetastore } from '../server/open-metastore.js';
import { startGateway, type RunningGateway } from '../server/start-gateway.js';
import { openApiViolations } from './testing/openapi-violations.js';

const postgres = await usePostgresTestDatabase();
const TOKEN = 'queue-routes-token-0123456789abcdef0123';

/** An admin request with the token. */
async function admin(base: string, method: string, path: string) {
  const res = await fetch(`${base}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const text = await res.text();
  return { status: res.status, allow: res.headers.get('allow'), json: JSON.parse(text) as unknown };
}

for (const dialect of TEST_DIALECTS) {
  const unavailable =
    dialect === 'postgres' && postgres.unreachable !== undefined && !process.env.CI;
  describe.skipIf(unavailable)(`queues and dead letters (${dialect})`, () => {
    let dir: string;
    let proxy: TcpProxy | undefined;
    let gateway: RunningGateway;
    /** A second client of the gateway's metastore: the jobs it holds, as the workers see them. */
    let store: MetaStore;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'strata-queue-routes-'));
      let metastore = join(dir, 'metastore.db');
      if (dialect === 'postgres') {
        const url = new URL(postgres.url);
        proxy = await startTcpProxy(url.hostname, Number(url.port || 5432), { latencyMs: 3 });
        url.host = `127.0.0.1:${proxy.port}`;
        url.searchParams.set('schema', postgres.schemaFor('queue_routes'));
        metastore = url.toString();
      }
      gateway = await startGateway(
        validateConfig({
          listen: '127.0.0.1:0',
          data_dir: dir,
          metastore,
          credentials: [
            { access_key_id: 'AKQUEUES0000001', secret_access_key: 'queues-secret-01' },
          ],
          // No worker takes the jobs: what the API did is what the queue holds.
          workers: { enabled: false },
          admin: { tokens: [TOKEN] },
        }),
        { logger: pino({ level: 'silent' }) },
      );
      store = await openMetastore(metastore, dir);
    });
    afterAll(async () => {
      await store?.close();
      await gateway?.close();
      await proxy?.close();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    /** Queues cleanup jobs for `blobs` on `local` and fails each for good, as a worker would. */
    const deadCleanups = async (...blobs: string[]) => {
      for (const blob of blobs) {
        await store.cleanup.enqueue({ backend: 'local', blob, size: 100, reason: 'overwritten' });
      }
      const jobs = await store.cleanup.claim(new Date(), blobs.length, 60_000);
      for (const job of jobs) await store.cleanup.fail(job.id, `EACCES ${job.blob}`, new Date(), 1);
      return jobs.map((j) => j.id);
    };

    it('lists depths and dead letters, retries some, purges the rest', async () => {
      const [a, b] = await deadCleanups('a', 'b', 'c');
      await store.cleanup.enqueue({ backend: 'local', blob: 'live', size: 1, reason: 'r' });
      await store.replication.enqueue({
        bucket: 'bkt',
        key: 'k',
        versionId: 'v1',
        sourceBackend: 'local',
        targetBackend: 'gone',
      });

      const queues = await admin(gateway.url, 'GET', '/queues');
      expect(queues.status).toBe(200);
      expect(queues.json).toEqual({
        queues: [
          { name: 'cleanup', pending: 1, dead: 3 },
          { name: 'replication', pending: 1, dead: 0 },
          { name: 'outbox', pending: 0, dead: 0 },
        ],
        orphanBytes: 301,
      });
      expect(openApiViolations(queues.json, 'Queues')).toEqual([]);

      const dead = await admin(gateway.url, 'GET', '/queues/cleanup/dead?limit=2');
      expect(dead.status).toBe(200);
      expect(dead.json).toEqual({
        queue: 'cleanup',
        jobs: [
          {
            id: a,
            backend: 'local',
            blob: 'a',
            size: 100,
            reason: 'overwritten',
            attempts: 1,
            lastError: 'EACCES a',
          },
          expect.objectContaining({ id: b, blob: 'b' }) as unknown,
        ],
      });
      expect(openApiViolations(dead.json, 'DeadLetters')).toEqual([]);

      const retried = await admin(gateway.url, 'POST', `/queues/cleanup/dead/retry?ids=${a},${b}`);
      expect(retried).toMatchObject({ status: 200, json: { queue: 'cleanup', retried: 2 } });
      expect(openApiViolations(retried.json, 'Retried')).toEqual([]);
      // Back in the queue, due at once, attempts reset: the next worker run takes them.
      const due = await store.cleanup.claim(new Date(), 10, 60_000);
      expect(due.map((j) => [j.blob, j.attempts]).sort()).toEqual([
        ['a', 0],
        ['b', 0],
        ['live', 0],
      ]);

      const purged = await admin(gateway.url, 'DELETE', '/queues/cleanup/dead');
      expect(purged).toMatchObject({ status: 200, json: { queue: 'cleanup', purged: 1 } });
      expect(await store.cleanup.deadLetters(10)).toEqual([]);
      expect((await store.cleanup.stats()).orphanBytes).toBe(201);
    });

    it('refuses an unknown queue, a bad limit or bad ids, and changes nothing', async () => {
      const [d] = await deadCleanups('d');
      const cases: [string, string, number, string][] = [
        ['GET', '/queues/nope/dead', 404, 'NotFound'],
        ['POST', '/queues/nope/dead/retry', 404, 'NotFound'],
        ['GET', '/queues/cleanup/dead?limit=0', 400, 'BadRequest'],
        ['GET', '/queues/cleanup/dead?limit=1001', 400, 'BadRequest'],
        ['GET', '/queues/cleanup/dead?limit=x', 400, 'BadRequest'],
        ['POST', '/queues/cleanup/dead/retry?ids=', 400, 'BadRequest'],
        ['POST', '/queues/cleanup/dead/retry?ids=1,x', 400, 'BadRequest'],
        ['DELETE', '/queues/cleanup/dead?ids=-1', 400, 'BadRequest'],
      ];
      for (const [method, path, status, code] of cases) {
        const res = await admin(gateway.url, method, path);
        expect({ method, path, status: res.status, json: res.json }).toMatchObject({
          status,
          json: { error: { code } },
        });
      }
      expect(await admin(gateway.url, 'GET', '/queues/cleanup/dead/retry')).toMatchObject({
        status: 405,
        allow: 'POST',
      });
      expect((await store.cleanup.deadLetters(10)).map((j) => j.id)).toEqual([d]);
    });
  });
}
