/**
 * The read cache in the real binary: ranged reads through one gateway never return bytes older
 * than the last overwrite acknowledged by another gateway sharing PostgreSQL (blocks are keyed by
 * immutable blob names, the key → blob mapping read from the metastore on every request), and
 * the disk tier is served again after a SIGKILL and restart.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
} from './support/aws-sdk.js';
import { useGatewayCluster } from './support/gateway-cluster.js';
import { catchS3Error, createTestS3Client, uniqueBucketName } from './support/s3-client.js';
import { probePostgresAndRedis } from './support/services.js';
import { writeStrataConfig } from './support/strata-config.js';
import { startStrata, type StrataProcess } from './support/strata-process.js';
import { seededBytes, sha256 } from './support/test-data.js';

const KiB = 1024;
const BLOCK = 64 * KiB;
const METRICS_TOKEN = 'read-cache-metrics-token-0123456789';
const CACHE_YAML = (memory: string, disk: string) =>
  [
    'cache:',
    '  enabled: true',
    '  block_size: 64KiB',
    `  memory: ${memory}`,
    `  disk: ${disk}`,
    'metrics:',
    `  token: ${METRICS_TOKEN}`,
    '',
  ].join('\n');

/** One sample of a metric from a gateway's `/metrics` (0 when absent). */
async function metric(endpoint: string, name: string, labels: string): Promise<number> {
  const response = await fetch(`${endpoint}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const text = await response.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

async function getRange(client: S3Client, bucket: string, key: string, start: number, end: number) {
  const out = await client.send(
    new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end}` }),
  );
  return Buffer.from(await out.Body!.transformToByteArray());
}

it('PostgreSQL and Redis answer (this suite needs both)', probePostgresAndRedis);

describe('read cache across two gateways on PostgreSQL', () => {
  const cluster = useGatewayCluster({
    count: 2,
    name: 'read-cache',
    localBackendYaml: '    cache: true',
    configYaml: CACHE_YAML('32MiB', '0'),
  });
  let reader: S3Client;
  let writer: S3Client;
  beforeAll(() => {
    reader = createTestS3Client({ endpoint: cluster().endpoints[0]! });
    writer = createTestS3Client({ endpoint: cluster().endpoints[1]! });
  });
  afterAll(() => {
    reader?.destroy();
    writer?.destroy();
  });

  it('never serves bytes older than the last acknowledged overwrite, then NoSuchKey after a delete', async () => {
    const bucket = uniqueBucketName('cache');
    const key = 'dataset/part-0.parquet';
    const size = 5 * BLOCK + 321;
    const version = (v: number) => seededBytes(`version-${v}`, size);
    await writer.send(new CreateBucketCommand({ Bucket: bucket }));
    await writer.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: version(0) }));
    let acked = 0;
    let writing = true;
    const stale: string[] = [];
    let reads = 0;
    const readLoop = async () => {
      while (writing) {
        const floor = acked;
        const start = Math.floor(Math.random() * (size - 1));
        const end = Math.min(size - 1, start + Math.floor(Math.random() * 3 * BLOCK));
        const got = await getRange(reader, bucket, key, start, end);
        reads += 1;
        // The version these bytes belong to must be the acknowledged one or a newer one.
        const match = [floor, floor + 1, floor + 2].find((v) =>
          version(v)
            .subarray(start, end + 1)
            .equals(got),
        );
        if (match === undefined) stale.push(`bytes=${start}-${end} after version ${floor}`);
      }
    };
    const readers = [readLoop(), readLoop()];
    for (let v = 1; v <= 12; v += 1) {
      await sleep(40);
      await writer.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: version(v) }));
      acked = v;
    }
    await sleep(100);
    writing = false;
    await Promise.all(readers);
    expect(stale).toEqual([]);
    expect(reads).toBeGreaterThan(20);
    // Digests, not buffers: vitest's diff of two large buffers takes minutes.
    expect(sha256(await getRange(reader, bucket, key, 0, size - 1))).toBe(sha256(version(12)));

    await writer.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    expect(await catchS3Error(getRange(reader, bucket, key, 0, 9))).toMatchObject({
      name: 'NoSuchKey',
      status: 404,
    });

    const labels = (result: string) => `bucket="${bucket}",result="${result}"`;
    const endpoint = cluster().endpoints[0]!;
    expect(await metric(endpoint, 'strata_cache_blocks_total', labels('hit'))).toBeGreaterThan(0);
    expect(await metric(endpoint, 'strata_cache_blocks_total', labels('miss'))).toBeGreaterThan(0);
  });
});

describe('read cache disk tier across a SIGKILL', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('serves the blocks a killed process left on disk, and nothing from the backend', async () => {
    const root = await mkdtemp(join(tmpdir(), 'strata-e2e-cache-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dataDir = join(root, 'data');
    await mkdir(dataDir);
    const objects = join(root, 'objects');
    const config = await writeStrataConfig(
      root,
      [
        'backends:',
        '  - name: local',
        '    type: fs',
        `    path: ${objects}`,
        '    cache: true',
        CACHE_YAML('0', '16MiB'),
      ].join('\n'),
    );
    const start = async (): Promise<StrataProcess> => {
      const strata = await startStrata({ dataDir, args: ['--config', config] });
      cleanups.push(async () => {
        if (strata.child.exitCode === null && strata.child.signalCode === null)
          await strata.kill9();
      });
      return strata;
    };
    const size = 16 * BLOCK;
    const data = seededBytes('disk-tier', size);
    const bucket = uniqueBucketName('cache');
    let strata = await start();
    let client = createTestS3Client({ endpoint: strata.url });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: data }));
    expect(sha256(await getRange(client, bucket, 'k', 0, size - 1))).toBe(sha256(data));
    // The disk tier writes behind the read: wait until all 16 blocks are down.
    const diskBytes = 16 * (BLOCK + 44);
    for (let i = 0; i < 100; i += 1) {
      if ((await metric(strata.url, 'strata_cache_size_bytes', 'tier="disk"')) >= diskBytes) break;
      await sleep(50);
    }
    expect(await metric(strata.url, 'strata_cache_size_bytes', 'tier="disk"')).toBe(diskBytes);
    client.destroy();
    await strata.kill9();

    strata = await start();
    client = createTestS3Client({ endpoint: strata.url });
    expect(sha256(await getRange(client, bucket, 'k', BLOCK - 5, size - 1))).toBe(
      sha256(data.subarray(BLOCK - 5)),
    );
    const labels = (result: string) => `bucket="${bucket}",result="${result}"`;
    expect(await metric(strata.url, 'strata_cache_blocks_total', labels('hit'))).toBe(16);
    expect(await metric(strata.url, 'strata_cache_blocks_total', labels('miss'))).toBe(0);
    client.destroy();
  });
});
