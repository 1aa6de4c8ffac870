import type { Recorder } from '../recorder.js';
import { MiB } from '../scenarios/scenario.js';
import { CACHE_COLUMNS } from '../targets/target.js';
import type { EngineRepeat } from './engine-runs.js';
import type { Engine } from './python-engines.js';
import type { RangeLatency } from './range-latency.js';

/** The rows of one engine, by metric: the case names the table and the verdicts share. */
export function engineCases(engine: Engine) {
  return {
    wall: `${engine}: query wall`,
    speedup: `${engine}: speedup vs direct`,
    gets: `${engine}: backend GETs`,
    bytes: `${engine}: backend MiB read`,
    hitRatio: `${engine}: cache block hit ratio`,
    rss: `${engine}: gateway peak RSS`,
  } as const;
}

/**
 * Records one repeat of `engine`: per column, the queries' wall time (each query's in the
 * extras), the speedup against this repeat's direct run, the GETs that reached the backend
 * server and the bytes it sent for them, the cache's block hit ratio (cache on), and the gateway's peak RSS.
 */
export function recordEngineRepeat(recorder: Recorder, engine: Engine, repeat: EngineRepeat): void {
  const cases = engineCases(engine);
  const direct = repeat.direct;
  for (const column of CACHE_COLUMNS) {
    const run = repeat[column];
    if (!run) continue;
    const perQuery = Object.fromEntries(run.queries.map((q) => [`${q.name} s`, q.seconds]));
    recorder.add(cases.wall, { unit: 's', better: 'lower' }, column, run.seconds, perQuery);
  }
  for (const column of CACHE_COLUMNS) {
    const run = repeat[column];
    if (!run || !direct || column === 'direct') continue;
    const ratio = { unit: '×', better: 'higher', chart: false } as const;
    recorder.add(cases.speedup, ratio, column, direct.seconds / run.seconds);
  }
  for (const column of CACHE_COLUMNS) {
    const run = repeat[column];
    if (!run) continue;
    const count = { unit: 'GETs', better: 'lower', chart: false } as const;
    recorder.add(cases.gets, count, column, run.delta.backendGets, {
      'backend requests (all)': run.delta.backendRequests,
      "gateway's backend GETs (strata_backend_calls_total)": run.delta.gatewayBackendGets,
    });
  }
  for (const column of CACHE_COLUMNS) {
    const run = repeat[column];
    if (!run) continue;
    const mib = { unit: 'MiB', better: 'lower', chart: false } as const;
    recorder.add(cases.bytes, mib, column, run.delta.backendGetBytes / MiB);
  }
  for (const column of ['strata-cold', 'strata-warm'] as const) {
    const run = repeat[column];
    if (!run) continue;
    const { cacheHits: hits, cacheMisses: misses } = run.delta;
    const pct = { unit: '%', better: 'higher', chart: false } as const;
    recorder.add(
      cases.hitRatio,
      pct,
      column,
      hits + misses > 0 ? (hits / (hits + misses)) * 100 : 0,
      {
        'hit blocks': hits,
        'miss blocks': misses,
      },
    );
  }
  for (const column of CACHE_COLUMNS) {
    const run = repeat[column];
    if (run?.peakRssMiB === undefined) continue;
    const mib = { unit: 'MiB', better: 'lower', chart: false } as const;
    recorder.add(cases.rss, mib, column, run.peakRssMiB, {
      ...(run.cacheMemoryMiB === undefined ? {} : { 'cache memory tier MiB': run.cacheMemoryMiB }),
      ...(column === 'strata-cold' && repeat.idleRssMiB !== undefined
        ? { 'idle RSS after start MiB': repeat.idleRssMiB }
        : {}),
    });
  }
}

/** The ranged-GET rows' case names. */
export const RANGE_CASES = {
  p50: 'ranged GET 8 B, p50',
  p99: 'ranged GET 8 B, p99',
  added: 'ranged GET 8 B, added vs direct (p50)',
} as const;

/** Records one series of sequential ranged GETs of `column`. */
export function recordRangeLatency(
  recorder: Recorder,
  column: (typeof CACHE_COLUMNS)[number],
  latency: RangeLatency,
): void {
  const ms = { unit: 'ms', better: 'lower', chart: false } as const;
  recorder.add(RANGE_CASES.p50, ms, column, latency.p50Ms);
  recorder.add(RANGE_CASES.p99, ms, column, latency.p99Ms);
}
