import { readProcCpuSeconds, readProcStatusBytes } from '../internal/proc-stats.js';
import { startRssSampler } from '../rss-sampler.js';
import { S3HttpClient } from '../s3-http-client.js';
import type { RunningTarget } from '../targets/target.js';
import { Gate } from './gate.js';
import { createRandom } from './random.js';
import { rssAt, startRssTimeline, type RssSample } from './rss-timeline.js';
import { createSizeSampler } from './size-mix.js';
import { runSoakClient } from './soak-client.js';
import { SoakStats, type SoakStatsSummary } from './soak-stats.js';

const MiB = 2 ** 20;

/** The bucket every soak client writes in (each under its own prefix). */
export const SOAK_BUCKET = 'bench-soak';

/** Knobs of one soak; everything but the duration and client count has a default. */
export type SoakOptions = {
  readonly durationMs: number;
  /** Concurrent clients, each on its own keep-alive connection, one request at a time. */
  readonly clients: number;
  /** Largest object, bytes (default 64 MiB; the CI soak uses 8 MiB). */
  readonly maxSize?: number;
  /** Objects of at least this size take the large path (default 4 MiB). */
  readonly largeMin?: number;
  /** Large objects in flight at once, whole cycle (default 4): bounds bytes in flight and on disk. */
  readonly largeInFlight?: number;
  /** Keys each client keeps for its objects under `largeMin` (default 8). */
  readonly slotsPerClient?: number;
  /** Multipart part size (default 5 MiB, S3's minimum for all parts but the last). */
  readonly partSize?: number;
  /** Share of the run counted as warm-up (default 0.2). */
  readonly warmUpShare?: number;
  /** Seed of the clients' random sequences (default 1). */
  readonly seed?: number;
  /** After the deadline, how long clients may finish before their requests are aborted (60 s). */
  readonly graceMs?: number;
  /** A request with no byte moving for this long fails (default 60 s). */
  readonly idleTimeoutMs?: number;
  /** The run stops early after this many errors (default 1000). */
  readonly maxErrors?: number;
  /** Progress lines (every 10% of the run). */
  readonly log?: (text: string) => void;
};

/** The settings a soak ran with. */
export type SoakConfig = Required<Omit<SoakOptions, 'log'>>;

/** The gateway's memory over a soak, MiB. */
export type SoakRss = {
  /** Peak VmRSS during the run (sampled every 50 ms). */
  readonly peakMiB: number;
  /** VmRSS at the end of the warm-up: median over the window before that point. */
  readonly warmUpEndMiB: number;
  /** VmRSS at the end of the run (under load), the same way. */
  readonly endMiB: number;
  /** `endMiB − warmUpEndMiB`. */
  readonly growthMiB: number;
  /** The median window, ms: 5% of the run, at least 2 s. */
  readonly windowMs: number;
  /** VmHWM after the run: the process's peak since it started. */
  readonly hwmMiB: number;
  /** Every 250 ms reading. */
  readonly samples: readonly RssSample[];
};

/** What a soak measured. */
export type SoakReport = SoakStatsSummary & {
  readonly config: SoakConfig;
  /** From the first request to the last client stopped, s. */
  readonly wallS: number;
  /** Why the run ended before its duration, if it did. */
  readonly stoppedEarly?: string;
  /** Clients still busy `graceMs` after the deadline; their requests were aborted (errors). */
  readonly abortedAfterGrace: boolean;
  readonly rss: SoakRss;
  /** CPU seconds the gateway used during the run. */
  readonly gatewayCpuS: number;
};

/** Where a soak sends its requests, and which process's memory it watches. */
export type SoakTarget = Pick<
  RunningTarget,
  'endpoint' | 'accessKeyId' | 'secretAccessKey' | 'pid'
>;

/** The defaults of {@link SoakOptions}. */
export function soakConfig(options: SoakOptions): SoakConfig {
  return {
    durationMs: options.durationMs,
    clients: options.clients,
    maxSize: options.maxSize ?? 64 * MiB,
    largeMin: options.largeMin ?? 4 * MiB,
    largeInFlight: options.largeInFlight ?? 4,
    slotsPerClient: options.slotsPerClient ?? 8,
    partSize: options.partSize ?? 5 * MiB,
    warmUpShare: options.warmUpShare ?? 0.2,
    seed: options.seed ?? 1,
    graceMs: options.graceMs ?? 60_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    maxErrors: options.maxErrors ?? 1000,
  };
}

/**
 * Runs a soak against `target`: `clients` concurrent clients, each looping over weighted random
 * PUT / GET / HEAD / LIST / DELETE steps on its own keys (sizes from `SIZE_BANDS`, large
 * objects through a bounded gate, some as multipart uploads), every read checked against the
 * last write, until the duration is up. Samples the gateway's RSS throughout. Never asserts:
 * errors are counted and returned. Throws only if the bucket cannot be created.
 */
export async function runSoak(target: SoakTarget, options: SoakOptions): Promise<SoakReport> {
  const config = soakConfig(options);
  const setup = new S3HttpClient({ ...target, connections: 1 });
  try {
    await setup.createBucket(SOAK_BUCKET);
  } finally {
    await setup.close();
  }
  const stats = new SoakStats();
  const t0 = performance.now();
  const deadline = t0 + config.durationMs;
  const tooManyErrors = (): boolean => stats.errors >= config.maxErrors;
  const stop = (): boolean => performance.now() >= deadline || tooManyErrors();
  const cpu0 = readProcCpuSeconds(target.pid) ?? 0;
  const peak = startRssSampler(target.pid);
  const timeline = startRssTimeline(target.pid, t0);
  const progress = startProgress(config, stats, target.pid, options.log);
  let abortedAfterGrace = false;
  try {
    abortedAfterGrace = await runClients(target, config, stats, stop, deadline);
  } finally {
    clearInterval(progress);
    peak.stop();
    timeline.stop();
  }
  const wallMs = performance.now() - t0;
  return {
    ...stats.summary(),
    config,
    wallS: wallMs / 1000,
    ...(tooManyErrors() ? { stoppedEarly: `${stats.errors} errors` } : {}),
    abortedAfterGrace,
    rss: summarizeRss(
      config,
      timeline.stop(),
      peak.stop(),
      target.pid,
      Math.min(wallMs, config.durationMs),
    ),
    gatewayCpuS: (readProcCpuSeconds(target.pid) ?? cpu0) - cpu0,
  };
}

/** Starts the clients and waits for them; true if some had to be aborted after the grace. */
async function runClients(
  target: SoakTarget,
  config: SoakConfig,
  stats: SoakStats,
  stop: () => boolean,
  deadline: number,
): Promise<boolean> {
  const largeGate = new Gate(config.largeInFlight);
  const clients = Array.from(
    { length: config.clients },
    () => new S3HttpClient({ ...target, connections: 1, idleTimeoutMs: config.idleTimeoutMs }),
  );
  try {
    const workers = Promise.all(
      clients.map((client, id) => {
        const random = createRandom(config.seed * 65_537 + id);
        return runSoakClient({
          id,
          client,
          bucket: SOAK_BUCKET,
          random,
          sizes: createSizeSampler(random, config.maxSize),
          stats,
          largeGate,
          stop,
          slots: config.slotsPerClient,
          largeMin: config.largeMin,
          partSize: config.partSize,
        });
      }),
    );
    const graceLeft = deadline + config.graceMs - performance.now();
    return await finishWithin(workers, graceLeft, async () => {
      await Promise.all(clients.map((c) => c.destroy()));
    });
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

/**
 * Waits for `work` at most `ms`; then runs `abort` (which must make `work` settle) and waits
 * for it. Returns whether the abort was needed.
 */
async function finishWithin(
  work: Promise<unknown>,
  ms: number,
  abort: () => Promise<void>,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<true>((resolve) => {
    timer = setTimeout(() => resolve(true), Math.max(0, ms));
  });
  const late = await Promise.race([work.then(() => false as const), timedOut]);
  clearTimeout(timer);
  if (late) {
    await abort();
    await work;
  }
  return late;
}

function startProgress(
  config: SoakConfig,
  stats: SoakStats,
  pid: number,
  log: ((text: string) => void) | undefined,
): NodeJS.Timeout {
  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    const rss = (readProcStatusBytes(pid, 'VmRSS') ?? Number.NaN) / MiB;
    log?.(
      `soak ${tick * 10}%: ${stats.operations.toLocaleString('en-US')} ops, ` +
        `${stats.errors} errors, gateway RSS ${rss.toFixed(0)} MiB`,
    );
  }, config.durationMs / 10);
  timer.unref();
  return timer;
}

function summarizeRss(
  config: SoakConfig,
  samples: readonly RssSample[],
  peakBytes: number,
  pid: number,
  endMs: number,
): SoakRss {
  const windowMs = Math.max(2000, config.durationMs * 0.05);
  const warmUpEndMiB = rssAt(samples, config.durationMs * config.warmUpShare, windowMs) / MiB;
  const endMiB = rssAt(samples, endMs, windowMs) / MiB;
  return {
    peakMiB: peakBytes / MiB,
    warmUpEndMiB,
    endMiB,
    growthMiB: endMiB - warmUpEndMiB,
    windowMs,
    hwmMiB: (readProcStatusBytes(pid, 'VmHWM') ?? Number.NaN) / MiB,
    samples,
  };
}
