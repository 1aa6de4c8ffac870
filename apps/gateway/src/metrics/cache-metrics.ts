import { Counter, Gauge, type Registry } from 'prom-client';
import type { ReadCache } from '@strata/object-layer';

/**
 * The read cache's metrics, read from its counters at scrape time. Counters are set from the
 * cache's running totals (reset, then set), so they only ever grow while the process lives.
 */
export function registerCacheMetrics(registry: Registry, cache: ReadCache): void {
  const registers = [registry];
  // Zero totals are exported too: a series that exists before its first increment gives
  // `rate()` that increment.
  const setTotal = (counter: Counter, labels: Record<string, string>, total: number) => {
    counter.inc(labels, total);
  };
  new Counter({
    name: 'strata_cache_blocks_total',
    help: 'Blocks of cached reads by bucket and result: hit (memory, disk, or a fetch under way) or miss (fetched from a backend).',
    labelNames: ['bucket', 'result'],
    registers,
    collect() {
      this.reset();
      for (const [bucket, stats] of cache.stats().buckets) {
        setTotal(this, { bucket, result: 'hit' }, stats.hits);
        setTotal(this, { bucket, result: 'miss' }, stats.misses);
      }
    },
  });
  new Counter({
    name: 'strata_cache_bytes_total',
    help: 'Bytes of cached reads by bucket and result: hit (served from the cache: backend traffic saved) or miss.',
    labelNames: ['bucket', 'result'],
    registers,
    collect() {
      this.reset();
      for (const [bucket, stats] of cache.stats().buckets) {
        setTotal(this, { bucket, result: 'hit' }, stats.bytesHit);
        setTotal(this, { bucket, result: 'miss' }, stats.bytesMissed);
      }
    },
  });
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
  new Counter({
    name: 'strata_cache_evictions_total',
    help: 'Blocks evicted from each tier of the read cache to stay within its size.',
    labelNames: ['tier'],
    registers,
    collect() {
      this.reset();
      const { memory, disk } = cache.stats();
      setTotal(this, { tier: 'memory' }, memory.evictions);
      if (disk !== undefined) setTotal(this, { tier: 'disk' }, disk.evictions);
    },
  });
  new Counter({
    name: 'strata_cache_disk_problems_total',
    help: 'Disk-tier blocks dropped as corrupt or torn (kind=corrupt), and block writes that failed or were skipped under load (kind=write_failed).',
    labelNames: ['kind'],
    registers,
    collect() {
      this.reset();
      const disk = cache.stats().disk;
      if (disk === undefined) return;
      setTotal(this, { kind: 'corrupt' }, disk.corrupt);
      setTotal(this, { kind: 'write_failed' }, disk.writeFailures);
    },
  });
}
