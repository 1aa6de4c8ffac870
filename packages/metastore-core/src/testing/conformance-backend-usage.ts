import { describe, expect, it } from 'vitest';
import { openMany } from './conformance-concurrency.js';
import type { ConformanceOpener } from './fixtures.js';
import { useStores } from './fixtures.js';

const traffic = (requests: number, egressBytes = 0, ingressBytes = 0) => ({
  requests,
  egressBytes,
  ingressBytes,
});

/** Monthly traffic counters per backend. */
export function describeBackendUsage(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('backend usage', () => {
    it('adds traffic up per backend and month', async () => {
      const store = await stores.fresh();
      await store.backendUsage.add('2025-01', 'b1', traffic(3, 1000, 10));
      await store.backendUsage.add('2025-01', 'b1', traffic(2, 24, 0));
      await store.backendUsage.add('2025-01', 'b2', traffic(1, 0, 5_000_000_000));
      await store.backendUsage.add('2025-02', 'b1', traffic(7));
      // Nothing to add: no row, so the backend does not show up that month.
      await store.backendUsage.add('2025-02', 'b3', traffic(0));
      expect(await store.backendUsage.month('2025-01')).toEqual({
        b1: traffic(5, 1024, 10),
        b2: traffic(1, 0, 5_000_000_000),
      });
      expect(await store.backendUsage.month('2025-02')).toEqual({ b1: traffic(7) });
      expect(await store.backendUsage.month('2024-12')).toEqual({});
    });

    it('sums exactly what many stores flush at the same time', async () => {
      const instances = await openMany(stores, 4);
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          instances[i % 4]!.backendUsage.add('2025-03', `b${i % 2}`, traffic(1, i, 2 * i)),
        ),
      );
      // b0 got the even i (0, 2, …, 38), b1 the odd ones.
      expect(await instances[0]!.backendUsage.month('2025-03')).toEqual({
        b0: traffic(20, 380, 760),
        b1: traffic(20, 400, 800),
      });
    });

    it('counts within a transaction, or not at all when it rolls back', async () => {
      const store = await stores.fresh();
      const error = new Error('abort');
      await expect(
        store.transaction(async (tx) => {
          await tx.backendUsage.add('2025-04', 'b1', traffic(1));
          throw error;
        }),
      ).rejects.toBe(error);
      await store.transaction(async (tx) => {
        await tx.backendUsage.add('2025-04', 'b1', traffic(2));
        await tx.backendUsage.add('2025-04', 'b1', traffic(3));
      });
      expect(await store.backendUsage.month('2025-04')).toEqual({ b1: traffic(5) });
    });

    it('rejects a malformed period and negative or fractional counts', async () => {
      const store = await stores.fresh();
      for (const period of ['2025-1', '2025-13', '2025-00', '25-01', '2025-01-01', '']) {
        await expect(store.backendUsage.add(period, 'b1', traffic(1))).rejects.toBeInstanceOf(
          RangeError,
        );
        await expect(store.backendUsage.month(period)).rejects.toBeInstanceOf(RangeError);
      }
      for (const bad of [traffic(-1), traffic(1, 0.5), traffic(1, 0, Number.POSITIVE_INFINITY)]) {
        await expect(store.backendUsage.add('2025-01', 'b1', bad)).rejects.toBeInstanceOf(
          RangeError,
        );
      }
      expect(await store.backendUsage.month('2025-01')).toEqual({});
    });
  });
}
