/**
 * Crash safety of the real binary: SIGKILL in the middle of an overwrite loses nothing
 * committed, background workers leave exactly one blob per live object, and SIGTERM drains
 * in-flight requests before exiting 0.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { blobsDir, listFiles, tmpDir, waitFor } from './support/data-dir.js';
import { catchS3Error, createTestS3Client, uniqueBucketName } from './support/s3-client.js';
import { startSlowPut } from './support/slow-put.js';
import { FAST_WORKERS_YAML, writeStrataConfig } from './support/strata-config.js';
import {
  startStrata,
  type StartStrataOptions,
  type StrataProcess,
} from './support/strata-process.js';
import { probePort } from './support/tcp-probe.js';
import { MiB, md5, seededBytes, sha256 } from './support/test-data.js';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  getSignedUrl,
} from './support/aws-sdk.js';

describe('crash recovery and shutdown', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A temp root with `data/` (reused across restarts) and a fast-workers `strata.yaml`. */
  const workspace = async () => {
    const root = await mkdtemp(join(tmpdir(), 'strata-e2e-crash-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dataDir = join(root, 'data');
    await mkdir(dataDir);
    return { dataDir, config: await writeStrataConfig(root, FAST_WORKERS_YAML) };
  };
  /** Starts the binary and makes sure the test leaves no process behind. */
  const start = async (options: StartStrataOptions) => {
    const strata = await startStrata(options);
    cleanups.push(async () => {
      if (strata.child.exitCode === null && strata.child.signalCode === null) await strata.kill9();
    });
    return strata;
  };
  const clientFor = (strata: StrataProcess) => {
    // Checksums only when required: presigned URLs then carry no checksum parameters.
    const client = createTestS3Client({ endpoint: strata.url, checksums: 'WHEN_REQUIRED' });
    cleanups.push(() => Promise.resolve(client.destroy()));
    return client;
  };

  it('SIGKILL during an overwrite keeps v1; after restart the workers leave exactly one blob', async () => {
    const { dataDir, config } = await workspace();
    const first = await start({ dataDir, args: ['--config', config] });
    const client = clientFor(first);
    const bucket = uniqueBucketName('crash');
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const v1 = seededBytes('crash-v1', 3 * MiB);
    const put1 = await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'doc.bin', Body: v1 }),
    );
    // Churn that the cleanup queue must tidy: an overwritten and then deleted object.
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'scratch', Body: seededBytes('s1', 100_000) }),
    );
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'scratch', Body: seededBytes('s2', 200_000) }),
    );
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'scratch' }));

    const url = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket: bucket, Key: 'doc.bin' }),
      { expiresIn: 600 },
    );
    const v2 = startSlowPut(url, {
      size: 64 * MiB,
      seed: 'crash-v2',
      chunkSize: 256 * 1024,
      delayMs: 20,
    });
    const midway = await waitFor(
      async () =>
        (await listFiles(tmpDir(dataDir))).some((f) => f.size >= MiB) || v2.sent() >= 16 * MiB,
      30_000,
    );
    expect(midway).toBe(true);
    expect(v2.sent()).toBeLessThan(64 * MiB);
    await first.kill9();
    v2.abort();
    await expect(v2.response).rejects.toThrow();

    const second = await start({ dataDir, args: ['--config', config] });
    const client2 = clientFor(second);
    const got = await client2.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.bin' }));
    expect(got.ETag).toBe(put1.ETag);
    expect(got.ContentLength).toBe(v1.length);
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(v1));
    const scratch = await catchS3Error(
      client2.send(new HeadObjectCommand({ Bucket: bucket, Key: 'scratch' })),
    );
    expect(scratch.status).toBe(404);
    const listed = await client2.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['doc.bin']);
    // The killed write's partial temp file is swept at restart.
    expect(await listFiles(tmpDir(dataDir))).toEqual([]);

    // Intents expire after 1 s, the reaper and cleanup run every second: one live object, one blob.
    const blobs = () => listFiles(blobsDir(dataDir));
    const settled = await waitFor(async () => (await blobs()).length === 1, 20_000);
    expect(await blobs(), `blobs left: ${JSON.stringify(await blobs())}`).toHaveLength(1);
    expect(settled).toBe(true);
    await sleep(2_500);
    const [blob] = await blobs();
    expect(blob?.size).toBe(v1.length);
    const again = await client2.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.bin' }));
    expect(sha256(await again.Body!.transformToByteArray())).toBe(sha256(v1));
    expect(await second.stop()).toBe(0);
  });

  it('SIGTERM drains: the in-flight PUT completes, new connections are refused, exit code 0', async () => {
    const { dataDir } = await workspace();
    const strata = await start({ dataDir });
    const client = clientFor(strata);
    const bucket = uniqueBucketName('drain');
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const size = 8 * MiB;
    const url = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket: bucket, Key: 'drain.bin' }),
      { expiresIn: 600 },
    );
    const put = startSlowPut(url, { size, seed: 'drain', chunkSize: 128 * 1024, delayMs: 25 });
    expect(await waitFor(() => put.sent() >= MiB, 10_000)).toBe(true);

    const exited = strata.stop();
    const refused = await waitFor(async () => (await probePort(strata.port)) === 'refused', 5_000);
    expect(refused).toBe(true);
    // The listener closed while the upload was still being sent.
    expect(put.sent()).toBeLessThan(size);

    const response = await put.response;
    expect(response.status, response.body).toBe(200);
    expect(response.headers.etag).toBe(`"${md5(seededBytes('drain', size))}"`);
    expect(await exited).toBe(0);
    expect(await probePort(strata.port)).toBe('refused');

    const again = await start({ dataDir });
    const client2 = clientFor(again);
    const got = await client2.send(new GetObjectCommand({ Bucket: bucket, Key: 'drain.bin' }));
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(seededBytes('drain', size)));
    expect(await again.stop()).toBe(0);
  });
});
