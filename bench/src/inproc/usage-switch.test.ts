import { describe, expect, it } from 'vitest';
import { benchRecord, createBenchBucket, openBenchSqlite } from './metastore-fixtures.js';

describe('UsageSwitch', () => {
  it('times the usage upserts and, switched off, commits the put without them', async () => {
    const bench = await openBenchSqlite();
    try {
      await createBenchBucket(bench.store, 'b');
      bench.usage.take();
      await bench.store.objects.put(benchRecord('b', 'one', 1));
      expect(bench.usage.take().statements).toBe(2);
      expect(await bench.store.usage.byBucket('b')).toEqual({ bytes: 4096, objects: 1 });

      bench.usage.accounting = false;
      await bench.store.objects.put(benchRecord('b', 'two', 2));
      expect(bench.usage.take().statements).toBe(2);
      expect((await bench.store.objects.get('b', 'two'))?.versionId).toBe(
        benchRecord('b', 'two', 2).versionId,
      );
      expect(await bench.store.usage.byBucket('b')).toEqual({ bytes: 4096, objects: 1 });
      expect(await bench.store.usage.byBackend()).toEqual({ local: { bytes: 4096, objects: 1 } });
    } finally {
      await bench.dispose();
    }
  });
});
