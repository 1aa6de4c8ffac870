import { describe, expect, it } from 'vitest';
import { createCleanupProcessor } from './cleanup-processor.js';
import { createPendingWriteReaper } from './pending-write-reaper.js';
import { openHarness } from './testing/harness.js';

describe('pending-write reaper + cleanup processor', () => {
  it('deletes the blob of an expired intent and empties the queue', async () => {
    await using h = await openHarness();
    const blob = 'photos/cat.jpg@01JAAA';
    await h.putBlob(blob);
    const expiresAt = new Date(Date.now() - 1000);
    await h.store.intents.add({
      id: 'w1',
      backend: 'local',
      blob,
      bucket: 'photos',
      key: 'cat.jpg',
      expiresAt,
    });
    // A live intent (still streaming) must be left alone.
    const liveBlob = 'photos/dog.jpg@01JBBB';
    await h.putBlob(liveBlob);
    await h.store.intents.add({
      id: 'w2',
      backend: 'local',
      blob: liveBlob,
      bucket: 'photos',
      key: 'dog.jpg',
      expiresAt: new Date(Date.now() + 3_600_000),
    });

    await using reaper = createPendingWriteReaper({ store: h.store, batchSize: 1 });
    await using cleanup = createCleanupProcessor({
      store: h.store,
      backends: new Map([['local', h.fs]]),
    });
    await expect(reaper.runOnce()).resolves.toEqual({ expired: 1 });
    expect((await h.store.cleanup.stats()).pending).toBe(1);
    await expect(cleanup.runOnce()).resolves.toMatchObject({ claimed: 1, deleted: 1 });

    expect(await h.fs.head(blob)).toBeUndefined();
    expect(await h.fs.head(liveBlob)).toBeDefined();
    expect(await h.store.cleanup.stats()).toMatchObject({ pending: 0, dead: 0, orphanBytes: 0 });
    await expect(reaper.runOnce()).resolves.toEqual({ expired: 0 });
  });

  it('reaps every expired intent in one run, batch after batch', async () => {
    await using h = await openHarness();
    for (let i = 0; i < 7; i++) {
      await h.store.intents.add({
        id: `w${i}`,
        backend: 'local',
        blob: `photos/k${i}@1`,
        bucket: 'photos',
        key: `k${i}`,
        expiresAt: new Date(Date.now() - 1000),
      });
    }
    await using reaper = createPendingWriteReaper({ store: h.store, batchSize: 3 });
    await expect(reaper.runOnce()).resolves.toEqual({ expired: 7 });
    expect((await h.store.cleanup.stats()).pending).toBe(7);
  });
});
