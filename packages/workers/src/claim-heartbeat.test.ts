import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqliteStore } from '@strata/metastore-core/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetaStore } from '@strata/metastore-core';
import { mapClaimed } from './internal/claim-heartbeat.js';

describe('claimed jobs under a heartbeat', () => {
  let dir: string;
  let store: MetaStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-hb-'));
    store = await openSqliteStore({ database: join(dir, 'meta.db') });
    await store.cleanup.enqueue({ backend: 'b1', blob: 'slow', size: 1, reason: 'r' });
    await store.cleanup.enqueue({ backend: 'b1', blob: 'quick', size: 1, reason: 'r' });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const leaseMs = 300;
  const lease = () => ({
    job: 'test',
    leaseMs,
    extend: (ids: readonly number[], until: Date) => store.cleanup.extendLease(ids, until),
    clock: () => new Date(),
    logger: undefined,
  });

  it('keeps a job that outlives its lease hidden until it ends, and only that job', async () => {
    const jobs = await store.cleanup.claim(new Date(), 10, leaseMs);
    expect(jobs.map((j) => j.blob)).toEqual(['slow', 'quick']);
    const seenByOthers: string[] = [];
    await mapClaimed(jobs, 2, lease(), async (job) => {
      if (job.blob === 'quick') return; // ends at once, left pending: its lease is not extended
      for (let i = 0; i < 6; i++) {
        await sleep(leaseMs / 2);
        for (const other of await store.cleanup.claim(new Date(), 10, 60_000))
          seenByOthers.push(other.blob);
      }
    });
    // Six half-leases later the slow job was still hidden; the quick one came back once its
    // lease ran out.
    expect(seenByOthers).toEqual(['quick']);
  });

  it('lets the jobs of a worker that stopped beating come back within one lease', async () => {
    const jobs = await store.cleanup.claim(new Date(), 10, leaseMs);
    expect(jobs).toHaveLength(2);
    // No heartbeat: the claimer "died" right after its claim.
    expect(await store.cleanup.claim(new Date(), 10, leaseMs)).toEqual([]);
    await sleep(leaseMs + 20);
    expect((await store.cleanup.claim(new Date(), 10, leaseMs)).map((j) => j.blob)).toEqual([
      'slow',
      'quick',
    ]);
  });

  it('logs a failed extension and keeps beating', async () => {
    const jobs = await store.cleanup.claim(new Date(), 10, leaseMs);
    const warnings: string[] = [];
    let calls = 0;
    await mapClaimed(
      jobs,
      2,
      {
        ...lease(),
        extend: async (ids, until) => {
          calls += 1;
          if (calls === 1) throw new Error('metastore away');
          await store.cleanup.extendLease(ids, until);
        },
        logger: {
          info: () => undefined,
          error: () => undefined,
          warn: (_fields, message) => warnings.push(message),
        },
      },
      () => sleep(leaseMs * 1.5),
    );
    expect(warnings).toEqual(['could not extend the lease of claimed jobs']);
    expect(calls).toBeGreaterThanOrEqual(2);
  });
});
