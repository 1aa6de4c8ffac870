import type { ResultRow } from '../report/result.js';
import { formatSize, MiB, type ScenarioContext } from '../scenarios/scenario.js';
import type { CacheColumn } from '../targets/target.js';
import type { CachePlan } from './run-cache.js';
import type { Engine } from './python-engines.js';
import { engineCases, RANGE_CASES } from './record-cache.js';

/** Issue 21's aims, stated beside the table; a bench reports them, it never fails on them. */
export const CACHE_AIMS = {
  warmSpeedup: 5,
  addedRangeMs: 1,
} as const;

/**
 * States issue 21's aims as verdict lines (exit status unchanged): warm ≥ 5× faster than direct
 * and cold no slower than cache off, per engine; < 1 ms added per cached ranged GET; the
 * gateway's peak RSS with its cache on within its peak with the cache off plus the memory tier.
 * An aim whose figures are missing (an engine that failed) is left out.
 */
export function stateCacheVerdicts(
  ctx: ScenarioContext,
  plan: CachePlan,
  engines: readonly Engine[],
): void {
  const rows = ctx.recorder.rows();
  const median = (name: string, column: CacheColumn): number | undefined => {
    const value = rows.find((r: ResultRow) => r.case === name)?.cells[column]?.median;
    return value === undefined || !Number.isFinite(value) ? undefined : value;
  };
  const say = (pass: boolean, text: string) => ctx.verdict({ pass, text, exitNonZero: false });
  const f = (n: number, digits = 2) => n.toFixed(digits);
  for (const engine of engines) {
    const cases = engineCases(engine);
    const speedup = median(cases.speedup, 'strata-warm');
    if (speedup !== undefined) {
      say(
        speedup >= CACHE_AIMS.warmSpeedup,
        `${engine}: warm ${f(speedup)}× faster than direct (aim ≥ ${CACHE_AIMS.warmSpeedup}×)`,
      );
    }
    const cold = median(cases.wall, 'strata-cold');
    const off = median(cases.wall, 'strata-cache-off');
    if (cold !== undefined && off !== undefined) {
      say(cold <= off, `${engine}: cold ${f(cold)} s vs cache off ${f(off)} s (aim: no slower)`);
    }
  }
  const added = median(RANGE_CASES.added, 'strata-warm');
  const warmP50 = median(RANGE_CASES.p50, 'strata-warm');
  if (added !== undefined && warmP50 !== undefined) {
    say(
      added < CACHE_AIMS.addedRangeMs,
      `cached 8-byte ranged GET: p50 ${f(warmP50, 3)} ms, ${f(added, 3)} ms more than the backend read directly without the proxy (aim < ${CACHE_AIMS.addedRangeMs} ms added)`,
    );
  }
  const peaks = (column: CacheColumn) =>
    engines.flatMap((e) => {
      const cell = rows.find((r) => r.case === engineCases(e).rss)?.cells[column];
      return cell ? [cell.max] : [];
    });
  const on = Math.max(...peaks('strata-cold'), ...peaks('strata-warm'));
  const offPeak = Math.max(...peaks('strata-cache-off'));
  if (Number.isFinite(on) && Number.isFinite(offPeak)) {
    const bound = offPeak + plan.memory / MiB;
    say(
      on <= bound,
      `gateway peak RSS with the cache on ${f(on, 0)} MiB ≤ its peak with the cache off (${f(offPeak, 0)} MiB) + the memory tier (${formatSize(plan.memory)}) = ${f(bound, 0)} MiB (aim: bounded by the memory tier)`,
    );
  }
}
