import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  BackendUnavailableError,
  createFsBackend,
  type FsBackend,
  type ObjectBackend,
} from '@strata/backend-pool';
import {
  openTestStore,
  TEST_DIALECTS,
  usePostgresTestDatabase,
  type TestDialect,
} from '@strata/metastore-core/testing';
import { ObjectDataLostError } from './errors.js';
import { createObjectLayer } from './object-layer.js';
import { bodyOf, patternBytes, readAll, sha256, wrapBackend } from './testing/harness.js';
import type { MissingCopyEvent } from './types.js';

// A blob missing on its backend while the metastore still names it: the read fails over and the
// copy is re-replicated, or, with no copy left, the read fails as lost data (never NoSuchKey).
// The repair writes to the metastore (removeCopy + a replication job): both dialects.

const postgres = await usePostgresTestDatabase();

/** Two fs backends `a` and `b`, every object written to both (sync, factor 2). */
async function fixture(dialect: TestDialect, wrapA?: (disk: FsBackend) => ObjectBackend) {
  const dir = await mkdtemp(join(tmpdir(), 'strata-ol-missing-'));
  const meta = await openTestStore(dialect, { dir, postgres });
  const a = createFsBackend({ name: 'a', root: join(dir, 'a'), fsync: false });
  const b = createFsBackend({ name: 'b', root: join(dir, 'b'), fsync: false });
  const events: MissingCopyEvent[] = [];
  const layer = createObjectLayer({
    store: meta.store,
    backends: [wrapA ? wrapA(a) : a, b],
    region: 'us-east-1',
    defaultPolicy: { replication: { factor: 2, mode: 'sync' } },
    onMissingCopy: (event) => events.push(event),
  });
  await layer.createBucket({ name: 'bkt', owner: 'alice' });
  const data = patternBytes(200_000, 7);
  const { record } = await layer.putObject({
    bucket: 'bkt',
    key: 'k',
    body: bodyOf(data),
    contentLength: data.length,
  });
  return {
    store: meta.store,
    layer,
    disks: { a, b },
    events,
    data,
    record,
    async [Symbol.asyncDispose]() {
      await meta.close();
      await Promise.all([a.close(), b.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

for (const dialect of TEST_DIALECTS) {
  describe(`a blob missing under a committed row, on ${dialect}`, () => {
    it('one copy missing: the other serves the read, the copy leaves the row and is re-replicated', async () => {
      await using f = await fixture(dialect);
      expect(f.record.copies.map((c) => c.backend)).toEqual(['a', 'b']);
      const blob = f.record.copies[0]!.blob;
      await f.disks.a.delete(blob);

      const got = await f.layer.getObject({ bucket: 'bkt', key: 'k' });
      expect(sha256(await readAll(got.body))).toBe(sha256(f.data));
      await vi.waitFor(async () => {
        const row = await f.store.objects.get('bkt', 'k');
        expect(row?.copies.map((c) => c.backend)).toEqual(['b']);
      });
      expect((await f.store.replication.stats()).pendingByTarget).toEqual({ a: 1 });
      // The lost blob's name is queued for deletion, as any copy taken off a row.
      const [cleanup] = await f.store.cleanup.claim(new Date(Date.now() + 1000), 10, 60_000);
      expect(cleanup).toMatchObject({ backend: 'a', blob });
      await f.store.cleanup.complete(cleanup!.id);
      expect(f.events).toEqual([
        {
          bucket: 'bkt',
          key: 'k',
          versionId: f.record.versionId,
          backend: 'a',
          blob,
          servedBy: 'b',
          replicationQueued: true,
        },
      ]);

      // The queued job, run as the replicator runs it, puts the copy back on `a`.
      const [job] = await f.store.replication.claim(new Date(Date.now() + 1000), 10, 60_000);
      expect(job).toMatchObject({ sourceBackend: 'b', targetBackend: 'a' });
      expect(await f.layer.replicateCopy(job!)).toEqual({ kind: 'copied', backend: 'a' });
      await f.store.replication.complete(job!.id);
      const row = await f.store.objects.get('bkt', 'k');
      expect(row?.copies.map((c) => c.backend).sort()).toEqual(['a', 'b']);
      const replica = row!.copies.find((c) => c.backend === 'a')!;
      expect(sha256(await readAll(await f.disks.a.get(replica.blob)))).toBe(sha256(f.data));
    });

    it('CopyObject whose backend-side source copy is missing: copied from the other copy, repaired', async () => {
      await using f = await fixture(dialect);
      const blob = f.record.copies[0]!.blob;
      await f.disks.a.delete(blob);

      // The new object is placed on `a` (pack order), where the source's copy is gone.
      const { record } = await f.layer.copyObject({
        bucket: 'bkt',
        key: 'copy',
        sourceBucket: 'bkt',
        sourceKey: 'k',
      });
      expect(record.copies[0]?.backend).toBe('a');
      const got = await f.layer.getObject({ bucket: 'bkt', key: 'copy' });
      expect(sha256(await readAll(got.body))).toBe(sha256(f.data));
      await vi.waitFor(async () => {
        const row = await f.store.objects.get('bkt', 'k');
        expect(row?.copies.map((c) => c.backend)).toEqual(['b']);
      });
      expect(f.events).toMatchObject([{ key: 'k', backend: 'a', blob, servedBy: 'b' }]);
    });

    it('every copy missing: ObjectDataLostError naming each, HEAD still answers, nothing queued', async () => {
      await using f = await fixture(dialect);
      for (const copy of f.record.copies)
        await f.disks[copy.backend as 'a' | 'b'].delete(copy.blob);

      const error: unknown = await f.layer
        .getObject({ bucket: 'bkt', key: 'k' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectDataLostError);
      expect(error).toMatchObject({
        code: 'EDATA_LOST',
        bucket: 'bkt',
        key: 'k',
        versionId: f.record.versionId,
        lost: f.record.copies.map(({ backend, blob }) => ({ backend, blob })),
      });
      // HEAD answers from the row (the bytes are not read).
      const head = await f.layer.headObject({ bucket: 'bkt', key: 'k' });
      expect(head.record.versionId).toBe(f.record.versionId);
      expect((await f.store.replication.stats()).pending).toBe(0);
      expect((await f.store.objects.get('bkt', 'k'))?.copies).toHaveLength(2);
      expect(f.events).toEqual([]);
    });

    it('one copy unreachable, the other missing: the retryable backend error, not lost data', async () => {
      // `a` is tried first and cannot be reached; the copy on `b` is gone. The copy on `a` may
      // well be intact: the answer is the retryable 503 of `a`, not NoSuchKey or lost data.
      await using f = await fixture(dialect, (disk) =>
        wrapBackend(disk, 'a', {
          get: () => Promise.reject(new BackendUnavailableError('down', { backend: 'a' })),
        }),
      );
      await f.disks.b.delete(f.record.copies[1]!.blob);

      await expect(f.layer.getObject({ bucket: 'bkt', key: 'k' })).rejects.toMatchObject({
        code: 'EBACKEND_OPEN',
      });
      expect((await f.store.objects.get('bkt', 'k'))?.copies).toHaveLength(2);
      expect((await f.store.replication.stats()).pending).toBe(0);
    });
  });
}
