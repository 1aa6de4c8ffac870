import { startMetricsScraper } from './metrics-scraper.js';
import { startStrata } from './start-strata.js';
import type { RunningTarget } from './target.js';

/** The bearer token of the `strata-metrics` target: fixed, 24 characters (the gateway asks ≥ 16). */
export const BENCH_METRICS_TOKEN = 'bench-metrics-token-0001';

/** Options for {@link startStrataMetrics}. */
export type StartStrataMetricsOptions = {
  /** When set, run the gateway under `node --cpu-prof` and write the profile here on exit. */
  readonly cpuProfileDir?: string;
  /** Scrape interval; default `METRICS_SCRAPE_INTERVAL_MS` (5 s). */
  readonly scrapeIntervalMs?: number;
};

/**
 * Starts the `strata-metrics` target: the same Strata as `strata` (embedded default, same
 * flags) with `metrics.token` set, so `/metrics` is served on the main listener, and a
 * Prometheus-style scraper beside it from start to `close()`. The scraper's failures are
 * counted in `scrapes()`, never thrown.
 */
export async function startStrataMetrics(
  options: StartStrataMetricsOptions = {},
): Promise<RunningTarget> {
  const strata = await startStrata({
    name: 'strata-metrics',
    label: 'strata-metrics',
    config: `metrics:\n  token: ${BENCH_METRICS_TOKEN}\n`,
    ...(options.cpuProfileDir === undefined ? {} : { cpuProfileDir: options.cpuProfileDir }),
  });
  const scraper = startMetricsScraper({
    endpoint: strata.endpoint,
    token: BENCH_METRICS_TOKEN,
    ...(options.scrapeIntervalMs === undefined ? {} : { intervalMs: options.scrapeIntervalMs }),
  });
  let closed: Promise<void> | undefined;
  return {
    ...strata,
    scrapes: () => scraper.stats(),
    close() {
      // The scraper stops first, so the gateway's shutdown is not counted as failed scrapes.
      closed ??= scraper.close().then(() => strata.close());
      return closed;
    },
  };
}
