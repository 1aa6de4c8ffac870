/**
 * `kill -9` of the gateway under mixed load (PUT of several sizes, multipart, copy, DELETE, with
 * asynchronous replication to a second backend) on PostgreSQL behind a latency proxy, several
 * times over. After each restart every acknowledged write reads back with its exact bytes and
 * no acknowledged delete comes back; at the end, once the workers ran, there is no write intent,
 * no queued replica, and every blob file is a recorded copy or an open upload's (no orphan, none
 * missing).
 *
 * CI runs `CHAOS_ROUNDS` = 2 rounds of `CHAOS_LOAD_MS` ≈ 2.5 s; `npm run chaos` runs 20.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsBackend } from '@strata/backend-pool';
import {
  openTestStore,
  usePostgresTestDatabase,
  type TestStore,
} from '@strata/metastore-core/testing';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '../e2e/support/aws-sdk.js';
import { waitFor } from '../e2e/support/data-dir.js';
import { createTestS3Client } from '../e2e/support/s3-client.js';
import { writeStrataConfig } from '../e2e/support/strata-config.js';
import { startStrata, type StrataProcess } from '../e2e/support/strata-process.js';

const ROUNDS = Number(process.env.CHAOS_ROUNDS ?? 2);
const LOAD_MS = Number(process.env.CHAOS_LOAD_MS ?? 2_500);
const WORKERS = Number(process.env.CHAOS_WORKERS ?? 6);
const KEYS_PER_WORKER = 4;
const BUCKET = 'chaos';
const KiB = 1024;
const MiB = 1024 * KiB;
const SIZES = [1 * KiB, 64 * KiB, 1 * MiB, 3 * MiB];

const postgres = await usePostgresTestDatabase();

/** What a key may hold: a body's SHA-256, or `null` for "absent". */
type State = string | null;

/** The model of one key: the last acknowledged state, and the state an unanswered op would set. */
interface KeyModel {
  acked: State;
  inFlight: State | undefined;
}

const digest = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('kill -9 under mixed load (postgres)', () => {
  let root: string;
  let dataDir: string;
  let config: string;
  let meta: TestStore;
  let strata: StrataProcess | undefined;
  const model = new Map<string, KeyModel>();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'strata-chaos-'));
    dataDir = join(root, 'data');
    await mkdir(dataDir);
    meta = await openTestStore('postgres', { dir: root, postgres });
    config = await writeStrataConfig(
      root,
      [
        'workers:',
        '  intent_ttl: 1s',
        '  reaper_interval: 1s',
        '  cleanup_interval: 1s',
        '  replication_interval: 1s',
        '  job_lease: 3s',
        'backends:',
        '  - name: disk1',
        '    type: fs',
        `    path: ${join(dataDir, 'disk1')}`,
        '  - name: disk2',
        '    type: fs',
        `    path: ${join(dataDir, 'disk2')}`,
        'buckets:',
        `  - name: ${BUCKET}`,
        '    replication: { factor: 2, mode: async }',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    if (strata && strata.child.exitCode === null) await strata.kill9();
    await meta?.close();
    await rm(root, { recursive: true, force: true });
  });

  const start = async () => {
    strata = await startStrata({
      dataDir,
      args: ['--config', config, '--metastore', meta.url!],
    });
    return createTestS3Client({ endpoint: strata.url, checksums: 'WHEN_REQUIRED' });
  };

  /** One client's sequential stream of random operations on its own keys. */
  async function worker(client: S3Client, id: number, stop: { now: boolean }): Promise<void> {
    const keys = Array.from({ length: KEYS_PER_WORKER }, (_, j) => `w${id}/k${j}`);
    for (const key of keys)
      if (!model.has(key)) model.set(key, { acked: null, inFlight: undefined });
    while (!stop.now) {
      const key = keys[Math.floor(Math.random() * keys.length)]!;
      const entry = model.get(key)!;
      const roll = Math.random();
      try {
        if (roll < 0.5) {
          const body = randomBytes(SIZES[Math.floor(Math.random() * SIZES.length)]!);
          entry.inFlight = digest(body);
          await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
        } else if (roll < 0.65) {
          const parts = [randomBytes(5 * MiB), randomBytes(100 * KiB)];
          entry.inFlight = digest(Buffer.concat(parts));
          const { UploadId } = await client.send(
            new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }),
          );
          const etags: { ETag: string; PartNumber: number }[] = [];
          for (const [i, part] of parts.entries()) {
            const { ETag } = await client.send(
              new UploadPartCommand({
                Bucket: BUCKET,
                Key: key,
                UploadId,
                PartNumber: i + 1,
                Body: part,
              }),
            );
            etags.push({ ETag: ETag!, PartNumber: i + 1 });
          }
          await client.send(
            new CompleteMultipartUploadCommand({
              Bucket: BUCKET,
              Key: key,
              UploadId,
              MultipartUpload: { Parts: etags },
            }),
          );
        } else if (roll < 0.8) {
          const source = keys.find((k) => k !== key && model.get(k)!.acked !== null);
          if (source === undefined || model.get(source)!.inFlight !== undefined) continue;
          entry.inFlight = model.get(source)!.acked;
          await client.send(
            new CopyObjectCommand({ Bucket: BUCKET, Key: key, CopySource: `${BUCKET}/${source}` }),
          );
        } else {
          entry.inFlight = null;
          await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
        }
        entry.acked = entry.inFlight;
        entry.inFlight = undefined;
      } catch {
        // The gateway died under this request: its outcome stays open (inFlight is kept).
        return;
      }
    }
  }

  /** Every key holds its acknowledged state, or the one its unanswered request would set. */
  async function verify(client: S3Client): Promise<void> {
    for (const [key, entry] of model) {
      let state: State;
      try {
        const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        state = digest(Buffer.from(await got.Body!.transformToByteArray()));
      } catch (error) {
        expect((error as { name?: string }).name, key).toBe('NoSuchKey');
        state = null;
      }
      const allowed = [entry.acked, ...(entry.inFlight === undefined ? [] : [entry.inFlight])];
      expect(allowed, `${key} reads ${state}`).toContain(state);
      // Settle the model on what survived: the next round starts from known states.
      entry.acked = state;
      entry.inFlight = undefined;
    }
  }

  function qualified(table: string): string {
    return `"${new URL(meta.url!).searchParams.get('schema')!}".${table}`;
  }

  async function count(table: string, where = 'true'): Promise<number> {
    const { rows } = await postgres.admin.query<{ n: string }>(
      `select count(*) as n from ${qualified(table)} where ${where}`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  it(`loses no acknowledged write across ${ROUNDS} kill -9 rounds`, async () => {
    let client = await start();
    for (let round = 0; round < ROUNDS; round += 1) {
      const stop = { now: false };
      const load = Promise.all(
        Array.from({ length: WORKERS }, (_, id) => worker(client, id, stop)),
      );
      await sleep(LOAD_MS * (0.5 + Math.random()));
      await strata!.kill9();
      stop.now = true;
      await load;
      client.destroy();
      client = await start();
      await verify(client);
    }
    client.destroy();
  });

  it('leaves no intent, orphan blob or missing copy once the workers ran', async () => {
    // Workers of the last instance settle the queues; a job a killed instance had claimed comes
    // back after `job_lease` (3 s here). Then the gateway stops, so nothing moves while we look.
    const pending = async () => ({
      intents: await count('write_intents'),
      cleanups: await count('cleanup_queue', "state <> 'dead'"),
      replicas: await count('replication_queue', "state <> 'dead'"),
    });
    const idle = { intents: 0, cleanups: 0, replicas: 0 };
    await waitFor(async () => JSON.stringify(await pending()) === JSON.stringify(idle), 60_000);
    await strata!.stop();
    expect(await pending()).toEqual(idle);
    // Every blob on a disk is a recorded copy, or the assembled blob of an upload still open (a
    // Complete killed after assembly and before its commit: a retried Complete commits it, an
    // Abort or the multipart GC deletes it). Every recorded copy is on its disk.
    const onDisk: string[] = [];
    for (const disk of ['disk1', 'disk2']) {
      const backend = createFsBackend({ name: disk, root: join(dataDir, disk) });
      for await (const blob of backend.list('')) onDisk.push(`${disk}:${blob.blob}`);
      await backend.close();
    }
    const { rows: copies } = await postgres.admin.query<{ backend: string; blob: string }>(
      `select backend, blob from ${qualified('object_copies')}`,
    );
    const { rows: open } = await postgres.admin.query<{ backend: string; blob: string }>(
      `select backend, blob from ${qualified('multipart_uploads')} where state = 'active'`,
    );
    const recorded = copies.map((c) => `${c.backend}:${c.blob}`);
    const owned = new Set([...recorded, ...open.map((u) => `${u.backend}:${u.blob}`)]);
    expect(onDisk.filter((blob) => !owned.has(blob))).toEqual([]);
    expect(recorded.filter((blob) => !onDisk.includes(blob))).toEqual([]);
    // Every object has its two copies.
    const short = await count(
      'objects o',
      `(select count(*) from ${qualified('object_copies')} c
         where c.bucket = o.bucket and c.key = o.key and c.version_id = o.version_id) < 2`,
    );
    expect(short).toBe(0);
  });
});
