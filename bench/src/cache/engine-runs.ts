import { readProcStatusBytes } from '../internal/proc-stats.js';
import { startRssSampler } from '../rss-sampler.js';
import { MiB, rotate, type ScenarioContext } from '../scenarios/scenario.js';
import { CACHE_COLUMNS, type CacheColumn } from '../targets/target.js';
import type { RunningTarget } from '../targets/target.js';
import {
  DIRECT_BUCKET,
  GATEWAY_BUCKET,
  withClient,
  type CacheRig,
  type RigCounters,
} from './cache-rig.js';
import { DATASET_PREFIX, RANGE_OBJECT_KEY } from './dataset.js';
import {
  runQueries,
  type DatasetLocation,
  type Engine,
  type IdRange,
  type QueryTiming,
} from './python-engines.js';

/** One run of an engine's queries, with what the servers saw meanwhile. */
export type EngineRun = {
  readonly queries: readonly QueryTiming[];
  /** The queries' wall times added up, s. */
  readonly seconds: number;
  /** Differences of the rig's counters over the run. */
  readonly delta: RigCounters;
  /** The gateway's peak RSS during the run, MiB (through the gateway only). */
  readonly peakRssMiB?: number;
  /** Bytes in the cache's memory tier after the run (cache on only). */
  readonly cacheMemoryMiB?: number;
};

/** What one repeat of one engine measured, by column. */
export type EngineRepeat = Partial<Record<CacheColumn, EngineRun>> & {
  /** The gateway's RSS right after its cache-on start, MiB. */
  readonly idleRssMiB?: number;
};

/**
 * One repeat of `engine`'s queries on the four paths: direct (through the latency proxy), the
 * gateway with its cache off, then the gateway restarted with its cache on (so empty): cold, then
 * warm, then warm again as the noise check. The gateway is restarted for both, so the cache-off and
 * cold runs are each the first work of a fresh process. The three units run in an order rotated by `rep`;
 * each answer is checked against the direct one (a path that answers differently fails).
 */
export async function measureEngine(
  ctx: ScenarioContext,
  rig: CacheRig,
  engine: Engine,
  ids: IdRange,
  rep: number,
): Promise<EngineRepeat> {
  const out: { -readonly [K in keyof EngineRepeat]: EngineRepeat[K] } = {};
  const direct: DatasetLocation = {
    ...rig.backend,
    endpoint: rig.proxy.endpoint,
    bucket: DIRECT_BUCKET,
    prefix: DATASET_PREFIX,
  };
  const viaGateway = (): DatasetLocation => ({
    ...rig.gateway(),
    bucket: GATEWAY_BUCKET,
    prefix: DATASET_PREFIX,
  });
  const units = {
    direct: async () => {
      out.direct = await blame('direct', () => runOnce(rig, engine, direct, ids, false));
      // The engine's floor here: the same read with no added latency, the most a cache can
      // bring the warm run down to (a reference line, not a column).
      const local = { ...direct, endpoint: rig.backend.endpoint };
      const floor = await blame('direct', () => runOnce(rig, engine, local, ids, false));
      ctx.recorder.addReference(
        `${engine}: query wall, direct without the proxy`,
        's',
        floor.seconds,
      );
    },
    off: async () => {
      out['strata-cache-off'] = await blame('strata-cache-off', async () => {
        // A fresh process like the cold one: a gateway warmed by earlier runs (JIT, open backend
        // connections) would make the cache look slower than it is.
        await warmUp(await rig.restart('off'));
        return runOnce(rig, engine, viaGateway(), ids, true);
      });
    },
    on: async () => {
      out['strata-cold'] = await blame('strata-cold', async () => {
        const gateway = await rig.restart('on');
        await warmUp(gateway);
        out.idleRssMiB = (readProcStatusBytes(gateway.pid, 'VmRSS') ?? 0) / MiB;
        return runOnce(rig, engine, viaGateway(), ids, true);
      });
      const warm = () => blame('strata-warm', () => runOnce(rig, engine, viaGateway(), ids, true));
      out['strata-warm'] = await warm();
      ctx.recorder.addNoise(`${engine}: query wall`, 's', 'strata-warm', (await warm()).seconds);
    },
  } as const;
  for (const unit of rotate(['direct', 'off', 'on'] as const, rep)) await units[unit]();
  checkAnswers(engine, out);
  return out;
}

/**
 * Warms a freshly started gateway (JIT, the backend's keep-alive connections, the cache's hit and
 * miss paths) on the range object, which the queries never read: cache off and cold then measure
 * what they are meant to, not a cold process. Four readers at once, as the engines read.
 */
async function warmUp(gateway: RunningTarget): Promise<void> {
  const reader = (n: number) =>
    withClient(gateway, async (client) => {
      for (let i = 0; i < 40; i += 1) {
        const start = ((i * 4 + n) * 197_731) % (7 * MiB);
        await client.getRange(GATEWAY_BUCKET, RANGE_OBJECT_KEY, start, start + 64 * 1024);
      }
    });
  await Promise.all([0, 1, 2, 3].map(reader));
}

async function runOnce(
  rig: CacheRig,
  engine: Engine,
  where: DatasetLocation,
  ids: IdRange,
  throughGateway: boolean,
): Promise<EngineRun> {
  const before = await rig.counters();
  const sampler = throughGateway ? startRssSampler(rig.gateway().pid) : undefined;
  const queries = await runQueries(engine, where, ids);
  const peak = sampler?.stop();
  const after = await rig.counters();
  const delta = Object.fromEntries(
    Object.entries(after).map(([k, v]) => [k, v - before[k as keyof RigCounters]]),
  ) as RigCounters;
  return {
    queries,
    seconds: queries.reduce((s, q) => s + q.seconds, 0),
    delta,
    ...(peak === undefined ? {} : { peakRssMiB: peak / MiB }),
    ...(rig.mode() === 'on' && throughGateway
      ? { cacheMemoryMiB: after.cacheMemoryBytes / MiB }
      : {}),
  };
}

/** A failure of one path's measurement: the column it is recorded against. */
export class PathError extends Error {
  constructor(
    readonly column: CacheColumn,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'PathError';
  }
}

async function blame<T>(column: CacheColumn, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw error instanceof PathError ? error : new PathError(column, error);
  }
}

/** Every path must return the same rows and sums as the direct read of the same files. */
function checkAnswers(engine: Engine, repeat: EngineRepeat): void {
  const reference = repeat.direct?.queries;
  if (!reference) return;
  for (const column of CACHE_COLUMNS) {
    for (const [i, q] of (repeat[column]?.queries ?? []).entries()) {
      const want = reference[i];
      const close = want && Math.abs(want.check - q.check) <= 1e-6 * Math.abs(want.check) + 1e-6;
      if (!want || want.rows !== q.rows || !close) {
        const what = `${engine} ${q.name}: ${q.rows} rows, sum ${q.check}`;
        const direct = `direct ${want?.rows ?? '?'} rows, sum ${want?.check ?? '?'}`;
        throw new PathError(column, new Error(`${what}; ${direct}`));
      }
    }
  }
}
