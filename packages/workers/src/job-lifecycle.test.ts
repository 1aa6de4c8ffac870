import { setTimeout as sleep } from 'node:timers/promises';
import type { ObjectBackend } from '@strata/backend-pool';
import { describe, expect, it } from 'vitest';
import { defaultCleanupBackoff } from './backoff.js';
import { createCleanupProcessor } from './cleanup-processor.js';
import type { WorkerLogger } from './job.js';
import { createMultipartGc } from './multipart-gc.js';
import { createPendingWriteReaper } from './pending-write-reaper.js';
import { openHarness } from './testing/harness.js';
import { createWorkerGroup } from './worker-group.js';

function recordingLogger() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      lines.push({ level, fields, message });
    };
  const logger: WorkerLogger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('job lifecycle', () => {
  it('runs periodically once started, logging what it did', async () => {
    await using h = await openHarness();
    const { logger, lines } = recordingLogger();
    await using reaper = createPendingWriteReaper({ store: h.store, intervalMs: 20, logger });
    reaper.start();
    reaper.start(); // no second timer
    await h.store.intents.add({
      id: 'w1',
      backend: 'local',
      blob: 'photos/a@1',
      bucket: 'photos',
      key: 'a',
      expiresAt: new Date(Date.now() - 1),
    });
    await until(() => lines.some((l) => l.fields['expired'] === 1));
    expect(lines.find((l) => l.fields['expired'] === 1)).toMatchObject({
      level: 'info',
      fields: { job: 'pending-write-reaper' },
    });
    expect((await h.store.cleanup.stats()).pending).toBe(1);
  });

  it('logs a failing run instead of throwing, and keeps going', async () => {
    await using h = await openHarness();
    await h.store.close(); // every run now fails
    const { logger, lines } = recordingLogger();
    const reaper = createPendingWriteReaper({ store: h.store, intervalMs: 10, logger });
    reaper.start();
    await until(() => lines.filter((l) => l.level === 'error').length >= 2);
    await reaper.close();
    expect(lines[0]).toMatchObject({ level: 'error', fields: { job: 'pending-write-reaper' } });
    await expect(reaper.runOnce()).rejects.toMatchObject({ code: 'EJOB_CLOSED' });
    await reaper.close(); // idempotent
  });

  it('close stops an in-flight cleanup without counting an attempt', async () => {
    await using h = await openHarness();
    await h.store.cleanup.enqueue({ backend: 'slow', blob: 'b', size: 1, reason: 'overwritten' });
    let deleteStarted = false;
    // A backend whose delete hangs until its signal is aborted.
    const slow = {
      name: 'slow',
      delete: (_blob: string, options?: { signal?: AbortSignal }) => {
        deleteStarted = true;
        return new Promise<void>((_resolve, reject) =>
          options?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      },
    } as unknown as ObjectBackend;
    const cleanup = createCleanupProcessor({ store: h.store, backends: new Map([['slow', slow]]) });
    const run = cleanup.runOnce();
    await until(() => deleteStarted);
    await cleanup.close();
    await expect(run).resolves.toMatchObject({ claimed: 1, deleted: 0, retried: 0 });
    const stats = await h.store.cleanup.stats();
    expect(stats).toMatchObject({ pending: 1, dead: 0 });
  });

  it('a worker group starts and closes every job', async () => {
    await using h = await openHarness();
    const jobs = [
      createPendingWriteReaper({ store: h.store, intervalMs: 10 }),
      createCleanupProcessor({
        store: h.store,
        backends: new Map([['local', h.fs]]),
        intervalMs: 10,
      }),
      createMultipartGc({ store: h.store, intervalMs: 10 }),
    ];
    const group = createWorkerGroup(jobs);
    group.start();
    await h.putBlob('photos/x@1');
    await h.store.intents.add({
      id: 'w1',
      backend: 'local',
      blob: 'photos/x@1',
      bucket: 'photos',
      key: 'x',
      expiresAt: new Date(Date.now() - 1),
    });
    // The reaper turns the intent into a job, the processor deletes the blob, on their own timers.
    let gone = false;
    for (let i = 0; i < 500 && !gone; i++) {
      gone = (await h.fs.head('photos/x@1')) === undefined;
      if (!gone) await sleep(10);
    }
    expect(gone).toBe(true);
    await group.close();
    await group.close();
    for (const job of jobs)
      await expect(job.runOnce()).rejects.toMatchObject({ code: 'EJOB_CLOSED' });
  });
});

describe('defaultCleanupBackoff', () => {
  it('doubles from one minute, caps at a day, and jitters within [d/2, d]', () => {
    expect(defaultCleanupBackoff(0, () => 0)).toBe(30_000);
    expect(defaultCleanupBackoff(0, () => 0.999999)).toBeCloseTo(60_000, -1);
    expect(defaultCleanupBackoff(3, () => 0.5)).toBe(0.75 * 8 * 60_000);
    expect(defaultCleanupBackoff(50, () => 0.999999)).toBeLessThanOrEqual(86_400_000);
    expect(defaultCleanupBackoff(50, () => 0)).toBe(43_200_000);
  });
});
