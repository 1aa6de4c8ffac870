import { Client } from 'undici';

/** How often the `strata-metrics` target is scraped: a third of Prometheus' default 15 s, on purpose. */
export const METRICS_SCRAPE_INTERVAL_MS = 5_000;

/** A metric every Strata scrape must contain: a body without it is counted as an error. */
const EXPECTED_METRIC = 'strata_http_requests_total';

/** Options for {@link startMetricsScraper}. */
export type MetricsScraperOptions = {
  /** The gateway's main listener, `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** Default {@link METRICS_SCRAPE_INTERVAL_MS}. */
  readonly intervalMs?: number;
};

/** What the scraper saw so far. */
export type ScrapeStats = {
  readonly intervalMs: number;
  /** Scrapes that returned 200 with Strata's metrics. */
  readonly ok: number;
  /** Scrapes that failed (status, transport, timeout, or a body without Strata's metrics). */
  readonly errors: number;
  /** Ticks skipped because the previous scrape was still running. */
  readonly skipped: number;
  /** The last error's message, if any. */
  readonly lastError: string | undefined;
  /** Durations of the successful scrapes, ms. */
  readonly durationsMs: readonly number[];
  /** Body size of the last successful scrape, bytes. */
  readonly lastBytes: number;
};

/** A running scraper; see {@link startMetricsScraper}. */
export type MetricsScraper = {
  stats(): ScrapeStats;
  /** Stops the timer and waits for a scrape in flight; idempotent. */
  close(): Promise<void>;
};

/**
 * Scrapes `GET /metrics` on the main listener every `intervalMs`, as a Prometheus would (one
 * keep-alive connection, bearer token, a timeout equal to the interval), starting with one scrape
 * right away. Never throws: every failure is counted in {@link ScrapeStats}, so a broken scrape
 * shows up in the results rather than aborting the measurement it runs beside.
 */
export function startMetricsScraper(options: MetricsScraperOptions): MetricsScraper {
  const intervalMs = options.intervalMs ?? METRICS_SCRAPE_INTERVAL_MS;
  const client = new Client(options.endpoint, { pipelining: 1 });
  const headers = { authorization: `Bearer ${options.token}` };
  const durationsMs: number[] = [];
  let ok = 0;
  let errors = 0;
  let skipped = 0;
  let lastError: string | undefined;
  let lastBytes = 0;
  let inFlight: Promise<void> | undefined;
  let closed: Promise<void> | undefined;

  const scrape = async (): Promise<void> => {
    const started = performance.now();
    try {
      const res = await client.request({
        path: '/metrics',
        method: 'GET',
        headers,
        signal: AbortSignal.timeout(intervalMs),
      });
      // The exposition is a few tens of KiB of text, not an object body: reading it whole is fine.
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}: ${text.slice(0, 80)}`);
      if (!text.includes(EXPECTED_METRIC)) throw new Error(`no ${EXPECTED_METRIC} in the scrape`);
      ok++;
      lastBytes = Buffer.byteLength(text);
      durationsMs.push(performance.now() - started);
    } catch (error) {
      errors++;
      lastError = error instanceof Error ? error.message : String(error);
    }
  };
  const tick = (): void => {
    if (inFlight) {
      skipped++;
      return;
    }
    inFlight = scrape().finally(() => {
      inFlight = undefined;
    });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();

  return {
    stats: () => ({
      intervalMs,
      ok,
      errors,
      skipped,
      lastError,
      durationsMs: [...durationsMs],
      lastBytes,
    }),
    close() {
      closed ??= (async () => {
        clearInterval(timer);
        await inFlight;
        await client.close();
      })();
      return closed;
    },
  };
}
