import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ConformanceOpener } from './fixtures.js';
import { useStores } from './fixtures.js';

/** Leases for leader election. */
export function describeLeases(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('leases', () => {
    it('is held by one holder at a time, renewed and released only by it', async () => {
      const name = stores.newName();
      const a = await stores.open(name);
      const b = await stores.open(name);
      const before = Date.now();
      expect(await a.leases.tryAcquire('workers', 'node-a', 30_000)).toBe(true);
      expect(await b.leases.tryAcquire('workers', 'node-b', 30_000)).toBe(false);
      const held = await b.leases.get('workers');
      expect(held).toMatchObject({ name: 'workers', holder: 'node-a' });
      // The database's clock and ours agree to well within a few seconds here.
      expect(Math.abs(held!.expiresAt.getTime() - (before + 30_000))).toBeLessThan(5_000);
      // Re-acquiring extends without moving the start of leadership.
      await sleep(20);
      expect(await a.leases.tryAcquire('workers', 'node-a', 60_000)).toBe(true);
      const extended = await a.leases.get('workers');
      expect(extended!.acquiredAt).toEqual(held!.acquiredAt);
      expect(extended!.expiresAt.getTime()).toBeGreaterThan(held!.expiresAt.getTime() + 20_000);

      expect(await b.leases.renew('workers', 'node-b', 30_000)).toBe(false);
      expect(await a.leases.renew('workers', 'node-a', 30_000)).toBe(true);
      expect(await b.leases.release('workers', 'node-b')).toBe(false);
      expect((await a.leases.get('workers'))?.holder).toBe('node-a');
      // Names are independent.
      expect(await b.leases.tryAcquire('reaper', 'node-b', 30_000)).toBe(true);

      expect(await a.leases.release('workers', 'node-a')).toBe(true);
      expect(await a.leases.release('workers', 'node-a')).toBe(false);
      expect(await a.leases.get('workers')).toBeUndefined();
      expect(await b.leases.tryAcquire('workers', 'node-b', 30_000)).toBe(true);
      expect(await a.leases.renew('workers', 'node-a', 30_000)).toBe(false);
      expect((await a.leases.get('reaper'))?.holder).toBe('node-b');
    });

    it('lapses after its ttl: another holder takes it and the old one cannot renew', async () => {
      const store = await stores.fresh();
      expect(await store.leases.tryAcquire('workers', 'old', 150)).toBe(true);
      expect(await store.leases.tryAcquire('workers', 'new', 150)).toBe(false);
      await sleep(300);
      expect(await store.leases.get('workers')).toBeUndefined();
      expect(await store.leases.tryAcquire('workers', 'new', 30_000)).toBe(true);
      expect(await store.leases.renew('workers', 'old', 30_000)).toBe(false);
      expect(await store.leases.release('workers', 'old')).toBe(false);
      expect((await store.leases.get('workers'))?.holder).toBe('new');
      // An expired lease cannot be renewed, even when nobody took it over.
      expect(await store.leases.tryAcquire('solo', 'me', 100)).toBe(true);
      await sleep(250);
      expect(await store.leases.renew('solo', 'me', 30_000)).toBe(false);
      expect(await store.leases.tryAcquire('solo', 'me', 30_000)).toBe(true);
    });

    it('goes to exactly one of 12 concurrent candidates across 3 stores', async () => {
      const name = stores.newName();
      const instances = [await stores.open(name), await stores.open(name), await stores.open(name)];
      for (const round of [1, 2, 3]) {
        const lease = `leader-${round}`;
        const outcomes = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            instances[i % 3]!.leases.tryAcquire(lease, `candidate-${i}`, 30_000),
          ),
        );
        const winners = outcomes.flatMap((won, i) => (won ? [i] : []));
        expect(winners).toHaveLength(1);
        expect((await instances[0]!.leases.get(lease))?.holder).toBe(`candidate-${winners[0]}`);
      }
    });

    it('rejects a ttl that is not a positive number', async () => {
      const store = await stores.fresh();
      for (const ttl of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.leases.tryAcquire('x', 'h', ttl)).rejects.toBeInstanceOf(RangeError);
      }
      expect(await store.leases.get('x')).toBeUndefined();
    });
  });
}
