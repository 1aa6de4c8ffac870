import { join } from 'node:path';
import { formatSize, MiB, rotate, type ScenarioContext } from '../scenarios/scenario.js';
import { CACHE_COLUMNS } from '../targets/target.js';
import {
  DIRECT_BUCKET,
  GATEWAY_BUCKET,
  startCacheRig,
  withClient,
  type CacheRig,
} from './cache-rig.js';
import { stateCacheVerdicts } from './cache-verdicts.js';
import {
  rangeObjectBody,
  RANGE_OBJECT_KEY,
  uploadDataset,
  writeDataset,
  type Dataset,
  type DatasetPlan,
} from './dataset.js';
import { measureEngine, PathError } from './engine-runs.js';
import { checkEngines, type Engine, type IdRange } from './python-engines.js';
import { timeRangedGets, rangeOffsets } from './range-latency.js';
import { recordEngineRepeat, recordRangeLatency, RANGE_CASES } from './record-cache.js';

/** Sizes, counts and repeats of one run. */
export type CachePlan = {
  readonly reps: number;
  readonly dataset: DatasetPlan;
  /** The range-scan query's `id` range: a few row groups out of all. */
  readonly ids: IdRange;
  readonly latencyMs: number;
  readonly blockSize: number;
  readonly memory: number;
  readonly ranges: { readonly count: number; readonly length: number; readonly objectSize: number };
};

/**
 * Many files of small row groups: what a partitioned dataset looks like to an engine, each file
 * a size request, a footer read and a few column chunks, so round trips dominate a selective
 * query as they do on a far store (and as they do in the s3proxy benchmarks of seed 002).
 */
const ROW_GROUP = 16_384;

function planOf(ctx: ScenarioContext): CachePlan {
  const { quick } = ctx.options;
  // ~84 bytes a row: quick ~80 MB in 20 files of 3 row groups, full ~265 MB in 48 files of 4.
  const files = quick ? 20 : 48;
  const rows = files * ROW_GROUP * (quick ? 3 : 4);
  const low = Math.round(rows * 0.4);
  return {
    reps: ctx.options.reps ?? 3,
    dataset: { rows, files, rowGroup: ROW_GROUP },
    ids: { low, high: low + 20_000 },
    latencyMs: 20,
    blockSize: 256 * 1024,
    memory: 256 * MiB,
    ranges: { count: 200, length: 8, objectSize: 8 * MiB },
  };
}

/**
 * The body of the `cache` scenario: writes the Parquet dataset, starts the backend S3 server, the
 * 20 ms proxy in front of it and the gateway, uploads the dataset to both, then per repeat and
 * engine runs the queries direct, through the gateway with its cache off, cold and warm; then
 * times sequential small ranged GETs of a cached object.
 */
export async function runCache(ctx: ScenarioContext): Promise<void> {
  const plan = planOf(ctx);
  const engines = await checkEngines();
  for (const [engine, reason] of engines.missing)
    ctx.note(`Unavailable: engine ${engine}: ${reason}.`);
  let dataset: Dataset | undefined;
  try {
    dataset = await writeDataset(plan.dataset);
  } catch (error) {
    const reason = `cannot write the Parquet dataset with pyarrow: ${messageOf(error)}`;
    for (const column of CACHE_COLUMNS) ctx.unavailable(column, reason);
    return;
  }
  let rig: CacheRig | undefined;
  try {
    rig = await startCacheRig({
      latencyMs: plan.latencyMs,
      cache: { blockSize: plan.blockSize, memory: plan.memory },
      ...(ctx.options.cpuProfileDir === undefined
        ? {}
        : { cpuProfileDir: join(ctx.options.cpuProfileDir, 'cache-gateway') }),
    });
    const rangeBody = rangeObjectBody(plan.ranges.objectSize);
    await upload(ctx, rig, dataset, rangeBody);
    const failed = new Set<Engine>();
    for (let rep = 0; rep < plan.reps; rep++) {
      for (const engine of rotate([...engines.available.keys()], rep)) {
        if (failed.has(engine)) continue;
        try {
          const repeat = await measureEngine(ctx, rig, engine, plan.ids, rep);
          recordEngineRepeat(ctx.recorder, engine, repeat);
          ctx.log(`${engine} #${rep}: ${describe(repeat)}`);
        } catch (error) {
          failed.add(engine);
          const column = error instanceof PathError ? error.column : 'strata-cold';
          await ctx.attempt({ name: column }, `${engine} rep ${rep}`, () =>
            Promise.reject(asError(error)),
          );
        }
      }
    }
    try {
      await measureRanges(ctx, rig, plan, rangeBody);
    } catch (error) {
      await ctx.attempt({ name: 'strata-warm' }, 'ranged GETs', () =>
        Promise.reject(asError(error)),
      );
    }
  } finally {
    await rig?.close();
    await dataset.remove();
  }
  addNotes(ctx, plan, dataset, engines.available);
  stateCacheVerdicts(ctx, plan, [...engines.available.keys()]);
}

async function upload(ctx: ScenarioContext, rig: CacheRig, dataset: Dataset, rangeBody: Buffer) {
  const t0 = performance.now();
  await withClient(rig.gateway(), async (c) => {
    await uploadDataset(c, GATEWAY_BUCKET, dataset);
    await c.put(GATEWAY_BUCKET, RANGE_OBJECT_KEY, rangeBody, rangeBody.length);
  });
  // The direct copy goes straight to the backend: where it came from does not change a read.
  await withClient(rig.backend, async (c) => {
    await uploadDataset(c, DIRECT_BUCKET, dataset);
    await c.put(DIRECT_BUCKET, RANGE_OBJECT_KEY, rangeBody, rangeBody.length);
  });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  ctx.log(
    `dataset: ${dataset.files.length} files, ${(dataset.bytes / MiB).toFixed(1)} MiB, uploaded in ${s} s`,
  );
}

/**
 * Sequential 8-byte ranged GETs of one object: through the gateway with the object cached
 * (after one full GET), straight to the backend server without the proxy (the floor: a local
 * S3 server reading its disk), alternating per repeat; then through the gateway with its cache
 * off, over the proxy (what each would cost without the cache).
 */
async function measureRanges(
  ctx: ScenarioContext,
  rig: CacheRig,
  plan: CachePlan,
  body: Buffer,
): Promise<void> {
  const { count, length } = plan.ranges;
  const offsets = rangeOffsets(count, body.length, length);
  const key = RANGE_OBJECT_KEY;
  const gateway = await rig.restart('on');
  await withClient(gateway, (c) => c.get(GATEWAY_BUCKET, key));
  const seen = { hits: 0, misses: 0, backendGets: 0 };
  const warmSeries = async () => {
    const before = await rig.counters();
    const latency = await timeRangedGets(
      gateway,
      { bucket: GATEWAY_BUCKET, key },
      offsets,
      length,
      body,
    );
    const after = await rig.counters();
    seen.hits += after.cacheHits - before.cacheHits;
    seen.misses += after.cacheMisses - before.cacheMisses;
    seen.backendGets += after.backendGets - before.backendGets;
    return latency;
  };
  for (let rep = 0; rep < plan.reps; rep++) {
    const paths = {
      'strata-warm': warmSeries,
      direct: () =>
        timeRangedGets(rig.backend, { bucket: DIRECT_BUCKET, key }, offsets, length, body),
    } as const;
    const got = new Map<keyof typeof paths, { p50Ms: number; p99Ms: number }>();
    for (const path of rotate(['strata-warm', 'direct'] as const, rep)) {
      const latency = await paths[path]();
      got.set(path, latency);
      recordRangeLatency(ctx.recorder, path, latency);
    }
    const warm = got.get('strata-warm');
    const direct = got.get('direct');
    if (warm && direct) {
      const ms = { unit: 'ms', better: 'lower', chart: false } as const;
      ctx.recorder.add(RANGE_CASES.added, ms, 'strata-warm', warm.p50Ms - direct.p50Ms);
    }
  }
  ctx.note(
    `Ranged GETs through the warm gateway, all series: ${seen.hits} block hits, ${seen.misses} misses, ${seen.backendGets} GETs reached the backend (all should be hits, none should reach it).`,
  );
  const off = await rig.restart('off');
  for (let rep = 0; rep < plan.reps; rep++) {
    const where = { bucket: GATEWAY_BUCKET, key };
    recordRangeLatency(
      ctx.recorder,
      'strata-cache-off',
      await timeRangedGets(off, where, offsets, length, body),
    );
  }
}

function describe(repeat: Parameters<typeof recordEngineRepeat>[2]): string {
  return CACHE_COLUMNS.map((c) => {
    const run = repeat[c];
    return run ? `${c} ${run.seconds.toFixed(2)} s / ${run.delta.backendGets} GETs` : `${c} –`;
  }).join(', ');
}

/** Records a caught failure through `ctx.attempt`, which wants an Error to reject with. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function addNotes(
  ctx: ScenarioContext,
  plan: CachePlan,
  dataset: Dataset,
  engines: ReadonlyMap<Engine, string>,
): void {
  const versions = [...engines].map(([e, v]) => `${e} ${v}`).join(', ');
  ctx.note(
    `Dataset: ${dataset.files.length} Parquet files, ${plan.dataset.rows.toLocaleString('en-US')} rows, ${(dataset.bytes / MiB).toFixed(1)} MiB (pyarrow, snappy, row groups of ${plan.dataset.rowGroup.toLocaleString('en-US')} rows), 9 columns: id (sorted), ts, qty (int), price, value, score (float), category (50 values), user (200 k values), note (32 random hex chars). Queries, each engine (${versions}), in a fresh Python process per run, timed inside it after the imports: "range scan" \`id\` in [${plan.ids.low}, ${plan.ids.high}) projecting id, user, value (row-group statistics rule out all but one or two row groups); "filtered aggregate" category = 'category_07' and qty > 50 projecting category, qty, price (every row group, 3 of 9 columns). Polars: \`scan_parquet('s3://…/*.parquet', storage_options)\` + filter + select + collect; pyarrow: \`S3FileSystem\` + \`pyarrow.dataset\` \`to_table(columns, filter)\`. "query wall" is the two added up (each in the JSON extras).`,
  );
  ctx.note(
    `Servers: the backend is a Strata on a local directory (embedded default), with metrics on a listener of its own; every path to it goes through a loopback TCP proxy that holds each client→server chunk ${plan.latencyMs} ms (answers pass at once), so each request costs ~${plan.latencyMs} ms more, as a far store would. "direct": the engine reads the files (uploaded as plain objects) from the backend through the proxy. "strata-*": the engine reads them from a Strata gateway on loopback whose one backend is \`type: s3\` at the proxy (the files uploaded through the gateway, so stored as its blobs on the backend). The gateway runs in one home (metastore + config), restarted with \`cache.enabled\` false ("strata-cache-off") or true ("strata-cold": the first run after a start, memory tier empty; "strata-warm": the next run): block_size ${formatSize(plan.blockSize)}, memory ${formatSize(plan.memory)}, disk 0. Per repeat and engine the three units (direct, cache off, cold + warm) run in rotated order; the noise check is a second warm run.`,
  );
  ctx.note(
    `Backend GETs: GetObject requests the backend server counted (its \`strata_http_requests_total{operation="GetObject"}\`) during the run, and the body bytes it sent for them (\`strata_http_response_bytes_total{operation="GetObject"}\`: with the cache on, whole blocks); the gateway's own \`strata_backend_calls_total{call="get"}\` and all backend requests are in the JSON extras. Hit ratio: \`strata_cache_blocks_total\` hit ÷ (hit + miss) over the run. Peak RSS: the gateway's VmRSS sampled every 50 ms during the run. Ranged GETs: ${plan.ranges.count} sequential ${plan.ranges.length}-byte ranges at spread offsets of one ${formatSize(plan.ranges.objectSize)} random object, one keep-alive connection, every answer checked; "strata-warm": the gateway with the object cached by one full GET before; "direct" here is the backend server itself *without* the proxy (a local S3 server reading its disk: the floor); "strata-cache-off": the gateway with its cache off, over the proxy.`,
  );
}
