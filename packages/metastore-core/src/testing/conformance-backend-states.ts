import { describe, expect, it } from 'vitest';
import type { ConformanceOpener } from './fixtures.js';
import { useStores } from './fixtures.js';

/** Backend states set at runtime, shared by every store on one database. */
export function describeBackendStates(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('backend states', () => {
    it('keeps one override per backend, seen by every store on the database, until cleared', async () => {
      const name = stores.newName();
      const a = await stores.open(name);
      const b = await stores.open(name);
      expect(await a.backendStates.list()).toEqual([]);

      const at = new Date('2026-12-07T10:00:00.000Z');
      expect(await a.backendStates.set('disk-2', 'draining', at)).toEqual({
        backend: 'disk-2',
        state: 'draining',
        changedAt: at,
      });
      await a.backendStates.set('disk-1', 'readonly', at);
      const later = new Date(at.getTime() + 60_000);
      // A second set replaces the first (the latest operator action wins).
      await b.backendStates.set('disk-2', 'active', later);
      expect(await a.backendStates.list()).toEqual([
        { backend: 'disk-1', state: 'readonly', changedAt: at },
        { backend: 'disk-2', state: 'active', changedAt: later },
      ]);

      expect(await b.backendStates.clear('disk-1')).toBe(true);
      expect(await b.backendStates.clear('disk-1')).toBe(false);
      expect(await a.backendStates.list()).toEqual([
        { backend: 'disk-2', state: 'active', changedAt: later },
      ]);
    });

    it('rolls a set back with the transaction it ran in', async () => {
      const store = await stores.fresh();
      await expect(
        store.transaction(async (tx) => {
          await tx.backendStates.set('disk-1', 'draining');
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await store.backendStates.list()).toEqual([]);
    });
  });
}
