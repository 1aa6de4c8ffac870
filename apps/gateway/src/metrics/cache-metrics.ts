import { Counter, Gauge, type Registry } from 'prom-client';
import type { BucketCacheStats, ReadCache, ReadCacheStats } from '@strata/object-layer';

type Labels = Record<string, string>;
/** The samples of one counter, from the cache's stats. */
type Samples = (stats: ReadCacheStats) => Iterable<readonly [Labels, number]>;

/** The per-bucket counters of the read cache, by `result`. */
function byBucket(
  hit: (b: BucketCacheStats) => number,
  miss: (b: BucketCacheStats) => number,
): Samples {
  return function* (stats) {
    for (const [bucket, counters] of stats.buckets) {
      yield [{ bucket, result: 'hit' }, hit(counters)];
      yield [{ bucket, result: 'miss' }, miss(counters)];
    }
  };
}

/**
 * The read cache's metrics, read from its counters at scrape time. Counters are set from the
 * cache's running totals (reset, then set), so they only ever grow while the process lives; zero
 * totals are exported too, as a series that exists before its first increment gives `rate()`
 * that increment.
 */
export function registerCacheMetrics(registry: Registry, cache: ReadCache): void {
  const registers = [registry];
  const counter = (name: string, help: string, labelNames: string[], samples: Samples) =>
    new Counter({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const [labels, total] of samples(cache.stats())) this.inc(labels, total);
      },
    });
  counter(
    'strata_cache_blocks_total',
    'Blocks of cached reads by bucket and result: hit (memory, disk, or a fetch under way) or miss (fetched from a backend).',
    ['bucket', 'result'],
    byBucket(
      (b) => b.hits,
      (b) => b.misses,
    ),
  );
  counter(
    'strata_cache_bytes_total',
    'Bytes of cached reads by bucket and result: hit (served from the cache: backend traffic saved) or miss.',
    ['bucket', 'result'],
    byBucket(
      (b) => b.bytesHit,
      (b) => b.bytesMissed,
    ),
  );
  counter(
    'strata_cache_readahead_blocks_total',
    'Blocks fetched ahead of sequential readers (cache.readahead), by bucket.',
    ['bucket'],
    function* (stats) {
      for (const [bucket, counters] of stats.buckets) yield [{ bucket }, counters.readahead];
    },
  );
  counter(
    'strata_cache_evictions_total',
    'Blocks evicted from each tier of the read cache to stay within its size.',
    ['tier'],
    function* ({ memory, disk }) {
      yield [{ tier: 'memory' }, memory.evictions];
      if (disk !== undefined) yield [{ tier: 'disk' }, disk.evictions];
    },
  );
  counter(
    'strata_cache_disk_problems_total',
    'Disk-tier blocks dropped as corrupt or torn (kind=corrupt), and block writes that failed or were skipped under load (kind=write_failed).',
    ['kind'],
    function* ({ disk }) {
      if (disk === undefined) return;
      yield [{ kind: 'corrupt' }, disk.corrupt];
      yield [{ kind: 'write_failed' }, disk.writeFailures];
    },
  );
  new Gauge({
    name: 'strata_cache_size_bytes',
    help: 'Bytes of blocks each tier of the read cache holds (disk: files with their headers).',
    labelNames: ['tier'],
    registers,
    collect() {
      const { memory, disk } = cache.stats();
      this.set({ tier: 'memory' }, memory.usedBytes);
      if (disk !== undefined) this.set({ tier: 'disk' }, disk.usedBytes);
    },
  });
}
