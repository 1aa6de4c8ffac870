import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { MultipartUpload } from '@strata/metastore-core';
import { describe, expect, it } from 'vitest';
import { createCleanupProcessor } from './cleanup-processor.js';
import { createMultipartGc } from './multipart-gc.js';
import { openHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

const DAY = 86_400_000;

async function startUpload(h: Harness, key: string, initiatedAt: Date): Promise<MultipartUpload> {
  const blob = `photos/${key}@01J${key}`;
  const { uploadId: backendUploadId } = await h.fs.createMultipart(blob);
  const part = await h.fs.uploadPart(
    blob,
    backendUploadId,
    1,
    Readable.from([Buffer.alloc(4096, 1)]),
  );
  const upload: MultipartUpload = {
    uploadId: `up-${key}`,
    bucket: 'photos',
    key,
    owner: 'alice',
    initiatedAt,
    backend: 'local',
    blob,
    backendUploadId,
    headers: {},
    userMetadata: {},
    storageClass: 'STANDARD',
  };
  await h.store.uploads.create(upload);
  await h.store.uploads.putPart({
    uploadId: upload.uploadId,
    partNumber: 1,
    size: part.size,
    etag: 'e1',
    token: part.token,
    lastModified: initiatedAt,
    checksums: {},
  });
  return upload;
}

describe('createMultipartGc', () => {
  it('abandons old uploads; the cleanup processor then aborts them on the backend', async () => {
    await using h = await openHarness();
    const old = await startUpload(h, 'old', new Date(Date.now() - 8 * DAY));
    const recent = await startUpload(h, 'recent', new Date(Date.now() - 2 * DAY));

    await using gc = createMultipartGc({ store: h.store });
    await expect(gc.runOnce()).resolves.toEqual({ abandoned: 1, purged: 0 });
    expect(await h.store.uploads.get(old.uploadId)).toBeUndefined();
    expect(await h.store.uploads.get(recent.uploadId)).toBeDefined();
    // The abandoned parts count as orphan bytes until the backend upload is aborted.
    expect(await h.store.cleanup.stats()).toMatchObject({ pending: 1, orphanBytes: 4096 });

    await using cleanup = createCleanupProcessor({
      store: h.store,
      backends: new Map([['local', h.fs]]),
    });
    await expect(cleanup.runOnce()).resolves.toMatchObject({ claimed: 1, deleted: 1 });
    const uploadsDir = join(h.dir, 'local', 'uploads');
    expect(await readdir(uploadsDir)).toEqual([recent.backendUploadId]);
    expect(await h.store.cleanup.stats()).toMatchObject({ pending: 0, dead: 0, orphanBytes: 0 });
    await expect(gc.runOnce()).resolves.toEqual({ abandoned: 0, purged: 0 });
  });

  it('purges completed upload rows only after their retention', async () => {
    await using h = await openHarness();
    let now = Date.now();
    const done = await startUpload(h, 'done', new Date(now - DAY / 2));
    await h.store.uploads.markCompleted(done.uploadId, { etag: 'abc-1', versionId: 'v1' });
    await using gc = createMultipartGc({ store: h.store, clock: () => new Date(now) });
    await expect(gc.runOnce()).resolves.toEqual({ abandoned: 0, purged: 0 });
    expect(await h.store.uploads.get(done.uploadId)).toMatchObject({ state: 'completed' });
    now += DAY + 60_000;
    await expect(gc.runOnce()).resolves.toEqual({ abandoned: 0, purged: 1 });
    expect(await h.store.uploads.get(done.uploadId)).toBeUndefined();
    expect((await h.store.cleanup.stats()).pending).toBe(0);
  });

  it('purges completed rows even behind a backlog of younger-than-max-age active uploads', async () => {
    await using h = await openHarness();
    const start = Date.now();
    // Three active uploads 5 days old at GC time (not abandoned: under 7 days), initiated before
    // the completed one, so a single oldest-first listing of both states meets them first.
    for (const key of ['a', 'b', 'c']) await startUpload(h, key, new Date(start - 3 * DAY));
    const done = await startUpload(h, 'done', new Date(start - DAY / 2));
    await h.store.uploads.markCompleted(done.uploadId, { etag: 'abc-1', versionId: 'v1' });
    await using gc = createMultipartGc({
      store: h.store,
      batchSize: 2,
      clock: () => new Date(start + 2 * DAY),
    });
    await expect(gc.runOnce()).resolves.toEqual({ abandoned: 0, purged: 1 });
    expect(await h.store.uploads.get(done.uploadId)).toBeUndefined();
    for (const key of ['a', 'b', 'c']) {
      expect(await h.store.uploads.get(`up-${key}`)).toMatchObject({ state: 'active' });
    }
  });

  it('abandons a backlog larger than one page in one run', async () => {
    await using h = await openHarness();
    for (const key of ['a', 'b', 'c', 'd', 'e'])
      await startUpload(h, key, new Date(Date.now() - 8 * DAY));
    await using gc = createMultipartGc({ store: h.store, batchSize: 2 });
    await expect(gc.runOnce()).resolves.toEqual({ abandoned: 5, purged: 0 });
    expect(await h.store.cleanup.stats()).toMatchObject({ pending: 5, orphanBytes: 5 * 4096 });
  });
});
