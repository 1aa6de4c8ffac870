import { CACHE_COLUMNS } from '../targets/target.js';
import type { Scenario } from './scenario.js';

const DESCRIPTIONS = {
  direct:
    'the engine reads the dataset from the backend S3 server (a Strata on a local directory) through the 20 ms proxy; ranged GETs: the backend without the proxy',
  'strata-cache-off':
    'a Strata gateway on loopback whose one S3 backend is that server behind the proxy, `cache.enabled: false`',
  'strata-cold':
    'the same gateway restarted with `cache.enabled: true` (memory tier only, so empty): the first run of the queries',
  'strata-warm': 'the same gateway, the queries run again with the blocks cached',
} as const;

/**
 * Issue 21's read cache under an analytical Parquet workload: Polars and pyarrow run the same
 * projected, filtered queries on a few hundred MB of Parquet (quick: ~55 MB) stored on an S3
 * server 20 ms away (a loopback proxy), read directly and through Strata with its read cache
 * off, cold and warm: wall time, speedup, GETs that reached the backend, block hit ratio, the
 * gateway's peak RSS. Then the latency of a cached 8-byte ranged GET. Run by name only
 * (`pnpm bench --quick cache`): it needs Python with polars/pyarrow, and takes minutes.
 */
export const cache: Scenario = {
  name: 'cache',
  title:
    'Read cache: Parquet queries on an S3 backend 20 ms away, direct vs Strata cache off/cold/warm',
  targets: [],
  onlyWhenNamed: true,
  ownColumns: CACHE_COLUMNS.map((name) => ({ name, description: DESCRIPTIONS[name] })),
  async run(ctx) {
    const { runCache } = await import('../cache/run-cache.js');
    await runCache(ctx);
  },
};
