import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createBackendPool } from './backend-pool.js';
import { createFsBackend } from './fs-backend.js';
import type { MonthlyUsage, MonthlyUsageStore } from './monthly-usage.js';
import { readAll, tempDir } from './testing/test-helpers.js';

/** A usage store that keeps totals in memory, and can be made to fail. */
class MemoryUsageStore implements MonthlyUsageStore {
  readonly totals = new Map<string, MonthlyUsage>();
  failing = false;
  async add(period: string, backend: string, delta: MonthlyUsage): Promise<void> {
    if (this.failing) throw new Error('database down');
    const key = `${period} ${backend}`;
    const now = this.totals.get(key) ?? { requests: 0, egressBytes: 0, ingressBytes: 0 };
    this.totals.set(key, {
      requests: now.requests + delta.requests,
      egressBytes: now.egressBytes + delta.egressBytes,
      ingressBytes: now.ingressBytes + delta.ingressBytes,
    });
    await Promise.resolve();
  }
  async month(period: string): Promise<Record<string, MonthlyUsage>> {
    await Promise.resolve();
    return Object.fromEntries(
      [...this.totals]
        .filter(([k]) => k.startsWith(`${period} `))
        .map(([k, v]) => [k.split(' ')[1]!, v]),
    );
  }
}

describe('createBackendPool', () => {
  it('meters requests, ingress and (with an egress limit) egress, and reports limits reached', async () => {
    await using dir = await tempDir();
    const usageStore = new MemoryUsageStore();
    await using pool = createBackendPool({
      members: [
        {
          backend: createFsBackend({ name: 'disk', root: dir.path, fsync: false }),
          limits: { egressBytes: 1500, requests: 100 },
        },
      ],
      usageStore,
    });
    const disk = pool.get('disk')!;
    await disk.backend.put('b/k@1', Readable.from([Buffer.alloc(1000, 1)]), { size: 1000 });
    expect((await readAll(await disk.backend.get('b/k@1'))).length).toBe(1000);
    expect(disk.usage()).toEqual({ requests: 2, egressBytes: 1000, ingressBytes: 1000 });
    expect(disk.overLimit()).toEqual({ requests: false, egress: false, ingress: false });
    await readAll(await disk.backend.get('b/k@1'));
    expect(disk.overLimit().egress).toBe(true);

    await pool.flush();
    const period = new Date().toISOString().slice(0, 7);
    expect(await usageStore.month(period)).toEqual({
      disk: { requests: 3, egressBytes: 2000, ingressBytes: 1000 },
    });
    // After the flush the totals come from the store; nothing is counted twice.
    expect(disk.usage()).toEqual({ requests: 3, egressBytes: 2000, ingressBytes: 1000 });
  });

  it('keeps counts that failed to reach the store for the next flush', async () => {
    await using dir = await tempDir();
    const usageStore = new MemoryUsageStore();
    await using pool = createBackendPool({
      members: [{ backend: createFsBackend({ name: 'disk', root: dir.path, fsync: false }) }],
      usageStore,
    });
    const disk = pool.get('disk')!;
    await disk.backend.head('nothing');
    usageStore.failing = true;
    await expect(pool.flush()).rejects.toThrow('database down');
    expect(disk.usage().requests).toBe(1);
    usageStore.failing = false;
    await pool.flush();
    expect(disk.usage().requests).toBe(1);
    expect([...usageStore.totals.values()]).toEqual([
      { requests: 1, egressBytes: 0, ingressBytes: 0 },
    ]);
  });

  it('starts a new month from zero and flushes the old month under its own period', async () => {
    await using dir = await tempDir();
    const usageStore = new MemoryUsageStore();
    let now = new Date('2026-11-30T23:59:59Z');
    await using pool = createBackendPool({
      members: [
        {
          backend: createFsBackend({ name: 'disk', root: dir.path, fsync: false }),
          limits: { requests: 2 },
        },
      ],
      usageStore,
      now: () => now,
    });
    const disk = pool.get('disk')!;
    await disk.backend.head('a');
    await disk.backend.head('b');
    expect(disk.overLimit().requests).toBe(true);
    now = new Date('2026-12-01T00:00:01Z');
    expect(disk.overLimit().requests).toBe(false);
    await disk.backend.head('c');
    await pool.flush();
    expect(await usageStore.month('2026-11')).toEqual({
      disk: { requests: 2, egressBytes: 0, ingressBytes: 0 },
    });
    expect(disk.usage().requests).toBe(1);
  });

  it('holds states, breakers and configuration order; refuses duplicates and an empty pool', async () => {
    await using dir = await tempDir();
    const fs = (name: string) => createFsBackend({ name, root: `${dir.path}/${name}` });
    const pool = createBackendPool({
      members: [
        { backend: fs('a'), quota: { bytes: 10 }, maxObjectSize: 5 },
        { backend: fs('b'), state: 'readonly', breaker: false },
      ],
    });
    expect(pool.members().map((m) => [m.name, m.state, m.circuit])).toEqual([
      ['a', 'active', 'closed'],
      ['b', 'readonly', 'closed'],
    ]);
    expect(pool.get('a')).toMatchObject({ quota: { bytes: 10 }, maxObjectSize: 5 });
    pool.setState('a', 'draining');
    expect(pool.get('a')?.state).toBe('draining');
    expect(() => pool.setState('zzz', 'active')).toThrow(TypeError);
    await pool.close();
    await pool.close();
    await expect(pool.get('a')!.backend.head('x')).rejects.toMatchObject({ code: 'EBACKEND_OPEN' });
    expect(() => createBackendPool({ members: [] })).toThrow(TypeError);
    expect(() =>
      createBackendPool({ members: [{ backend: fs('c') }, { backend: fs('c') }] }),
    ).toThrow(/duplicate backend name: c/);
  });
});
