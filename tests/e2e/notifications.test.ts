/**
 * Bucket event notifications end to end, on each metastore (the embedded SQLite, and the
 * machine's PostgreSQL in a schema of its own): the AWS SDK v3 configures a webhook destination
 * on a real `strata` process, writes and deletes objects while a real HTTP receiver fails (500)
 * and stalls (never answers) at random, and the gateway is killed with SIGKILL in the middle.
 * After a restart on the same data, every change a client was told succeeded arrives at the
 * receiver as a signed S3 event message: none is lost, duplicates carry the same delivery id.
 *
 * PostgreSQL is required: when it is unreachable the suite fails (in CI and out of it).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  type S3Client,
} from './support/aws-sdk.js';
import { createTestS3Client, uniqueBucketName } from './support/s3-client.js';
import { TEST_POSTGRES_URL, probePostgres } from './support/services.js';
import { FAST_WORKERS_YAML, writeStrataConfig } from './support/strata-config.js';
import { startStrata, type StrataProcess } from './support/strata-process.js';

const SECRET = 'e2e-webhook-secret-0123456789';
const schema = `strata_e2e_notify_${randomBytes(4).toString('hex')}`;

/** A seeded generator (mulberry32), so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Delivery {
  readonly id: string;
  readonly event: string;
  readonly key: string;
  readonly signed: boolean;
}

/** A webhook receiver answering 500 to 20% of requests and leaving 10% unanswered. */
async function openFlakyReceiver(seed: number) {
  const next = random(seed);
  const deliveries: Delivery[] = [];
  const stalled = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const roll = next();
      if (roll < 0.1) {
        stalled.add(res);
        return;
      }
      if (roll < 0.3) {
        res.writeHead(500).end('try later');
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const mac = createHmac('sha256', SECRET).update(body).digest('hex');
      const { Records } = JSON.parse(body) as {
        Records: { eventName: string; s3: { object: { key: string } } }[];
      };
      for (const record of Records) {
        deliveries.push({
          id: String(req.headers['x-strata-delivery']),
          event: record.eventName,
          key: decodeURIComponent(record.s3.object.key),
          signed: req.headers['x-strata-signature-256'] === `sha256=${mac}`,
        });
      }
      res.end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    deliveries,
    async close() {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

const METASTORES = ['sqlite', 'postgres'] as const;

describe('event notifications through SIGKILL, a flaky receiver and a restart', () => {
  afterAll(async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect().catch(() => undefined);
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await client.end().catch(() => undefined);
  });

  it.each(METASTORES)('on %s: every acknowledged change arrives, signed', async (metastore) => {
    if (metastore === 'postgres') await probePostgres();
    const receiver = await openFlakyReceiver(metastore === 'sqlite' ? 7 : 11);
    const root = await mkdtemp(join(tmpdir(), 'strata-e2e-notify-'));
    const processes: StrataProcess[] = [];
    const clients: S3Client[] = [];
    try {
      const dataDir = join(root, 'data');
      await mkdir(dataDir);
      const config = await writeStrataConfig(
        root,
        [
          FAST_WORKERS_YAML,
          'notifications:',
          '  interval: 200ms',
          '  targets:',
          '    - name: hooks',
          `      url: ${receiver.url}`,
          `      secret: ${SECRET}`,
          '      timeout: 500ms',
          '',
        ].join('\n'),
      );
      const args = [
        '--config',
        config,
        ...(metastore === 'postgres'
          ? ['--metastore', `${TEST_POSTGRES_URL}?schema=${schema}`]
          : []),
      ];
      const start = async () => {
        const strata = await startStrata({ dataDir, args });
        processes.push(strata);
        const client = createTestS3Client({ endpoint: strata.url });
        clients.push(client);
        return client;
      };
      const bucket = uniqueBucketName('notify');
      let client = await start();
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      await client.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: bucket,
          NotificationConfiguration: {
            QueueConfigurations: [
              {
                Id: 'all',
                QueueArn: 'arn:strata:sqs::hooks:webhook',
                Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'],
              },
            ],
          },
        }),
      );
      const got = await client.send(
        new GetBucketNotificationConfigurationCommand({ Bucket: bucket }),
      );
      expect(got.QueueConfigurations).toEqual([
        {
          Id: 'all',
          QueueArn: 'arn:strata:sqs::hooks:webhook',
          Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'],
        },
      ]);

      // Writes in flight when the process dies: only those answered 200 must be reported.
      const acknowledged: string[] = [];
      const write = async (c: S3Client, key: string) => {
        await c.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }));
        acknowledged.push(`ObjectCreated:Put ${key}`);
      };
      const first = client;
      const inFlight = Array.from({ length: 40 }, (_, i) =>
        write(first, `before/${String(i).padStart(2, '0')} key`).catch(() => undefined),
      );
      await vi.waitFor(() => expect(acknowledged.length).toBeGreaterThanOrEqual(15), {
        timeout: 20_000,
        interval: 20,
      });
      await processes[0]!.kill9();
      await Promise.all(inFlight);

      client = await start();
      for (let i = 0; i < 10; i++) await write(client, `after/${i}`);
      for (const key of ['after/0', 'after/1']) {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
        acknowledged.push(`ObjectRemoved:Delete ${key}`);
      }

      const arrived = () => new Set(receiver.deliveries.map((d) => `${d.event} ${d.key}`));
      await vi.waitFor(
        () => expect(acknowledged.filter((change) => !arrived().has(change))).toEqual([]),
        { timeout: 60_000, interval: 250 },
      );
      expect(receiver.deliveries.every((d) => d.signed)).toBe(true);
      // A change reported twice (its 2xx lost to the kill, or a lease run out) keeps its id.
      const ids = new Map<string, string>();
      for (const d of receiver.deliveries) {
        const change = `${d.event} ${d.key}`;
        expect(ids.get(change) ?? d.id).toBe(d.id);
        ids.set(change, d.id);
      }
    } finally {
      for (const client of clients) client.destroy();
      for (const strata of processes) await strata[Symbol.asyncDispose]();
      await receiver.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
