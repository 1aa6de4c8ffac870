import { describe, expect, it } from 'vitest';
import { MetastoreUnavailableError } from '../errors.js';
import type { ConformanceOpener } from './fixtures.js';
import { makeBucket, makeRecord, rejection, useStores } from './fixtures.js';

/** Opening, reopening, migrations, ping and close. */
export function describeLifecycle(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('lifecycle', () => {
    it('keeps data across a close and reopen (migrations are idempotent)', async () => {
      const name = stores.newName();
      const first = await stores.open(name);
      await first.buckets.create(makeBucket('b'));
      await first.objects.put(makeRecord('b', 'k', { size: 42 }));
      await first.cleanup.enqueue({ backend: 'b1', blob: 'x', size: 3, reason: 'r' });
      await first.close();
      for (let i = 0; i < 2; i++) {
        const again = await stores.open(name);
        expect((await again.buckets.get('b'))?.name).toBe('b');
        expect((await again.objects.get('b', 'k'))?.size).toBe(42);
        expect(await again.usage.byBucket('b')).toEqual({ bytes: 42, objects: 1 });
        expect((await again.cleanup.stats()).orphanBytes).toBe(3);
        await again.close();
      }
    });

    it('opens one database from several stores at once', async () => {
      const name = stores.newName();
      const opened = await Promise.all([stores.open(name), stores.open(name), stores.open(name)]);
      await opened[0].objects.put(makeRecord('b', 'k'));
      for (const store of opened) expect(await store.objects.hasAny('b')).toBe(true);
    });

    it('answers ping, reports its capabilities, and closes idempotently', async () => {
      const store = await stores.fresh();
      await store.ping();
      expect(['sqlite', 'postgres']).toContain(store.capabilities.dialect);
      expect(typeof store.capabilities.supportsSkipLocked).toBe('boolean');
      const pending = store.objects.put(makeRecord('b', 'k'));
      await Promise.all([store.close(), store.close()]);
      // An operation already running when close() was called finishes first.
      await expect(pending).resolves.toEqual({ previous: undefined, discarded: [] });
      await store[Symbol.asyncDispose]();
      const error = await rejection(store.ping());
      expect(error).toBeInstanceOf(MetastoreUnavailableError);
      expect(error).toMatchObject({ code: 'EMETA_UNAVAILABLE' });
      expect(await rejection(store.objects.get('b', 'k'))).toBeInstanceOf(
        MetastoreUnavailableError,
      );
      expect(await rejection(store.transaction(() => Promise.resolve(1)))).toBeInstanceOf(
        MetastoreUnavailableError,
      );
    });
  });
}
