import { describe, expect, it } from 'vitest';
import { createCleanupProcessor } from './cleanup-processor.js';
import { failingBackend } from './testing/failing-backend.js';
import { objectRecord, openHarness } from './testing/harness.js';

describe('createCleanupProcessor', () => {
  it('never deletes a blob that a committed object references', async () => {
    await using h = await openHarness();
    const live = 'photos/live.jpg@01JLIVE';
    await h.putBlob(live, 'precious');
    await h.store.objects.put(objectRecord('live.jpg', live));
    await h.store.cleanup.enqueue({ backend: 'local', blob: live, size: 8, reason: 'bogus' });

    await using cleanup = createCleanupProcessor({
      store: h.store,
      backends: (n) => (n === 'local' ? h.fs : undefined),
    });
    await expect(cleanup.runOnce()).resolves.toMatchObject({
      claimed: 1,
      deleted: 0,
      referenced: 1,
    });
    expect(await h.fs.head(live)).toMatchObject({ size: 8 });
    expect(await h.store.cleanup.stats()).toMatchObject({ pending: 0, dead: 0 });
  });

  it('retries a failing backend with backoff, then dead-letters it', async () => {
    await using h = await openHarness();
    const blob = 'photos/old.jpg@01JOLD';
    await h.putBlob(blob);
    await h.store.cleanup.enqueue({ backend: 'local', blob, size: 1234, reason: 'overwritten' });
    let now = Date.now();
    const backend = failingBackend(h.fs);
    await using cleanup = createCleanupProcessor({
      store: h.store,
      backends: new Map([['local', backend]]),
      maxAttempts: 3,
      backoff: (attempts) => 60_000 * 2 ** attempts,
      clock: () => new Date(now),
    });

    await expect(cleanup.runOnce()).resolves.toMatchObject({ claimed: 1, retried: 1 });
    // Not due again before its backoff has passed.
    await expect(cleanup.runOnce()).resolves.toMatchObject({ claimed: 0 });
    now += 60_000;
    await expect(cleanup.runOnce()).resolves.toMatchObject({ claimed: 1, retried: 1 });
    now += 120_000;
    await expect(cleanup.runOnce()).resolves.toMatchObject({ claimed: 1, dead: 1 });

    const [dead] = await h.store.cleanup.deadLetters(10);
    expect(dead).toMatchObject({ blob, attempts: 3, size: 1234 });
    expect(dead?.lastError).toContain('connection refused');
    expect(await h.store.cleanup.stats()).toMatchObject({ pending: 0, dead: 1, orphanBytes: 1234 });
    expect(await h.fs.head(blob)).toBeDefined();
    now += 7 * 86_400_000;
    await expect(cleanup.runOnce()).resolves.toMatchObject({ claimed: 0 });
  });

  it('fails jobs for an unknown backend until they are dead-lettered', async () => {
    await using h = await openHarness();
    await h.store.cleanup.enqueue({ backend: 'gone', blob: 'x', size: 5, reason: 'overwritten' });
    await using cleanup = createCleanupProcessor({
      store: h.store,
      backends: new Map(),
      maxAttempts: 2,
      backoff: () => 0,
    });
    await expect(cleanup.runOnce()).resolves.toMatchObject({ retried: 1 });
    await expect(cleanup.runOnce()).resolves.toMatchObject({ dead: 1 });
    const [dead] = await h.store.cleanup.deadLetters(10);
    expect(dead?.lastError).toContain('unknown backend gone');
  });

  it('processes many jobs concurrently across batches', async () => {
    await using h = await openHarness();
    for (let i = 0; i < 12; i++) {
      await h.putBlob(`photos/k${i}@1`);
      await h.store.cleanup.enqueue({
        backend: 'local',
        blob: `photos/k${i}@1`,
        size: 10,
        reason: 'overwritten',
      });
    }
    await using cleanup = createCleanupProcessor({
      store: h.store,
      backends: new Map([['local', h.fs]]),
      batchSize: 5,
      concurrency: 3,
    });
    await expect(cleanup.runOnce()).resolves.toMatchObject({ claimed: 12, deleted: 12 });
    const left: string[] = [];
    for await (const info of h.fs.list('photos/')) left.push(info.blob);
    expect(left).toEqual([]);
  });
});
