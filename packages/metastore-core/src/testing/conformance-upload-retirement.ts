import { describe, expect, it } from 'vitest';
import { makeUpload, makePart } from './conformance-uploads.js';
import type { ConformanceOpener } from './fixtures.js';
import { useStores } from './fixtures.js';

/** Retiring uploads and the look-ups of the multipart GC and backend sweeps. */
export function describeUploadRetirement(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('multipart upload retirement', () => {
    it('retire removes an active upload and queues one cleanup job for its bytes', async () => {
      const store = await stores.fresh();
      await store.uploads.create(makeUpload('u1', 'k'));
      await store.uploads.putPart({ ...makePart('u1', 1), size: 700 });
      await store.uploads.putPart({ ...makePart('u1', 2), size: 45 });
      const retired = await store.uploads.retire('u1', 'aborted');
      expect(retired).toMatchObject({ uploadId: 'u1', state: 'active', blob: 'b/k@u1' });
      expect(await store.uploads.get('u1')).toBeUndefined();
      expect(await store.uploads.parts('u1')).toEqual([]);
      const jobs = await store.cleanup.claim(new Date(1), 10, 1000);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({
        backend: 'b1',
        blob: 'b/k@u1',
        size: 745,
        reason: 'aborted',
        backendUploadId: 'native-u1',
      });
      // Idempotent: a second retire finds nothing active and queues nothing.
      expect(await store.uploads.retire('u1', 'aborted')).toBeUndefined();
      expect(await store.uploads.retire('never', 'aborted')).toBeUndefined();
      expect((await store.cleanup.stats()).pending).toBe(1);
    });

    it('retire leaves a completed upload alone and counts an upload without parts as 0 bytes', async () => {
      const store = await stores.fresh();
      await store.uploads.create(makeUpload('done', 'k'));
      await store.uploads.markCompleted('done', { etag: 'e-1', versionId: 'v1' });
      expect(await store.uploads.retire('done', 'aborted')).toBeUndefined();
      expect(await store.uploads.get('done')).toMatchObject({ state: 'completed' });
      await store.uploads.create(makeUpload('empty', 'k'));
      expect(await store.uploads.retire('empty', 'gc')).toMatchObject({ uploadId: 'empty' });
      expect(await store.cleanup.stats()).toMatchObject({ pending: 1, orphanBytes: 0 });
    });

    it('retire commits or rolls back with the transaction it runs in', async () => {
      const store = await stores.fresh();
      await store.uploads.create(makeUpload('u1', 'k'));
      await store.uploads.putPart(makePart('u1', 1));
      const failure = new Error('rolled back');
      await expect(
        store.transaction(async (tx) => {
          expect(await tx.uploads.retire('u1', 'aborted')).toBeDefined();
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await store.uploads.get('u1')).toMatchObject({ state: 'active' });
      expect(await store.uploads.parts('u1')).toHaveLength(1);
      expect(await store.cleanup.stats()).toMatchObject({ pending: 0, orphanBytes: 0 });
    });

    it('lists abandoned (active) and completed uploads by their own cutoffs', async () => {
      const store = await stores.fresh();
      await store.uploads.create(makeUpload('old', 'k', 1_000));
      await store.uploads.create(makeUpload('older', 'k', 500));
      await store.uploads.create(makeUpload('new', 'k', Date.now() + 60_000));
      await store.uploads.create(makeUpload('done', 'k', 2_000));
      await store.uploads.markCompleted('done', { etag: 'e', versionId: 'v' });
      const ids = (rows: { uploadId: string }[]) => rows.map((u) => u.uploadId);
      expect(ids(await store.uploads.listAbandoned(new Date(10_000), 10))).toEqual([
        'older',
        'old',
      ]);
      expect(ids(await store.uploads.listAbandoned(new Date(10_000), 1))).toEqual(['older']);
      // 'done' was initiated before the cutoff, but it is not active: never abandoned.
      expect(ids(await store.uploads.listAbandoned(new Date(Date.now() + 120_000), 10))).toEqual([
        'older',
        'old',
        'new',
      ]);
      // Completion time, not initiation time, decides; active uploads never show up here.
      expect(await store.uploads.listCompleted(new Date(10_000), 10)).toEqual([]);
      const completed = await store.uploads.listCompleted(new Date(Date.now() + 30_000), 10);
      expect(completed.map((u) => [u.uploadId, u.state])).toEqual([['done', 'completed']]);
      expect(await store.uploads.listCompleted(new Date(Date.now() + 30_000), 0)).toEqual([]);
    });

    it('knows which backend-native uploads have a row', async () => {
      const store = await stores.fresh();
      await store.uploads.create(makeUpload('u1', 'k'));
      await store.uploads.create(makeUpload('u2', 'k'));
      await store.uploads.markCompleted('u2', { etag: 'e', versionId: 'v' });
      expect(await store.uploads.hasBackendUpload('b1', 'native-u1')).toBe(true);
      expect(await store.uploads.hasBackendUpload('b1', 'native-u2')).toBe(true);
      expect(await store.uploads.hasBackendUpload('b2', 'native-u1')).toBe(false);
      expect(await store.uploads.hasBackendUpload('b1', 'native-u3')).toBe(false);
      await store.uploads.retire('u1', 'aborted');
      expect(await store.uploads.hasBackendUpload('b1', 'native-u1')).toBe(false);
    });
  });
}
