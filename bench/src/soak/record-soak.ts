import { formatNumber } from '../report/format.js';
import type { Verdict } from '../report/result.js';
import { formatSize, type ScenarioContext } from '../scenarios/scenario.js';
import type { SoakReport } from './run-soak.js';
import { SIZE_BANDS } from './size-mix.js';
import { LARGE_LATENCY_MIN, SOAK_OPS, type SoakOp } from './soak-stats.js';

const MiB = 2 ** 20;
const GiB = 2 ** 30;

/** The soak's bound on RSS growth after warm-up, MiB: past it, memory grows with the work done. */
export const SOAK_MAX_GROWTH_MIB = 64;

/** PUT and GET mix 1 KiB and 64 MiB: their latencies for ≥ 1 MiB objects get rows of their own. */
const SPLIT_OPS: readonly SoakOp[] = ['PUT', 'GET'];

/**
 * Turns a soak report into the scenario's rows (per operation: count, errors, p50/p99/max;
 * the gateway's RSS; throughput), notes (the mix, the RSS timeline, the first errors) and its
 * pass/fail line: no errors and RSS growth after warm-up under 64 MiB. Errors also make the
 * CLI exit non-zero.
 */
export function recordSoak(ctx: ScenarioContext, report: SoakReport): void {
  recordOps(ctx, report);
  recordTotals(ctx, report);
  for (const note of soakNotes(report)) ctx.note(note);
  const verdict = soakVerdict(report);
  ctx.verdict(verdict);
  ctx.log(`${verdict.pass ? 'PASS' : 'FAIL'}: ${verdict.text}`);
}

function recordOps(ctx: ScenarioContext, report: SoakReport): void {
  const ms = { unit: 'ms', better: 'lower', chart: false } as const;
  for (const op of SOAK_OPS) {
    const s = report.ops[op];
    ctx.recorder.add(
      `${op} count`,
      { unit: 'ops', better: 'higher', chart: false },
      'strata',
      s.count,
    );
    ctx.recorder.add(
      `${op} errors`,
      { unit: 'errors', better: 'lower', chart: false },
      'strata',
      s.errors,
    );
    ctx.recorder.add(`${op} p50`, ms, 'strata', s.p50Ms);
    ctx.recorder.add(`${op} p99`, ms, 'strata', s.p99Ms);
    ctx.recorder.add(`${op} max`, ms, 'strata', s.maxMs);
    if (SPLIT_OPS.includes(op) && s.large.count > 0) {
      const big = `${op} ≥ ${LARGE_LATENCY_MIN / MiB} MiB`;
      ctx.recorder.add(`${big} p50`, ms, 'strata', s.large.p50Ms);
      ctx.recorder.add(`${big} p99`, ms, 'strata', s.large.p99Ms);
    }
  }
}

function recordTotals(ctx: ScenarioContext, report: SoakReport): void {
  const ops = SOAK_OPS.reduce((n, op) => n + report.ops[op].count, 0);
  const mib = { unit: 'MiB', better: 'lower' } as const;
  const { rss } = report;
  const warmUpPct = report.config.warmUpShare * 100;
  ctx.recorder.add(
    'operations/s (all)',
    { unit: 'ops/s', better: 'higher' },
    'strata',
    ops / report.wallS,
    {
      serverCpuS: report.gatewayCpuS,
    },
  );
  ctx.recorder.add(
    'GETs verified (size + CRC32)',
    { unit: 'GETs', better: 'higher', chart: false },
    'strata',
    report.verifiedGets,
  );
  ctx.recorder.add(
    'bytes moved (PUT + GET)',
    { unit: 'GiB', better: 'higher', chart: false },
    'strata',
    (report.bytesUp + report.bytesDown) / GiB,
  );
  ctx.recorder.add('gateway peak RSS', mib, 'strata', rss.peakMiB);
  ctx.recorder.add(
    `gateway RSS at end of warm-up (${warmUpPct}%)`,
    mib,
    'strata',
    rss.warmUpEndMiB,
  );
  ctx.recorder.add('gateway RSS at the end', mib, 'strata', rss.endMiB);
  ctx.recorder.add(
    'gateway RSS growth after warm-up',
    { ...mib, chart: false },
    'strata',
    rss.growthMiB,
  );
}

/** The pass/fail line: no errors, growth under {@link SOAK_MAX_GROWTH_MIB}. */
export function soakVerdict(report: SoakReport): Verdict {
  const ops = SOAK_OPS.reduce((n, op) => n + report.ops[op].count, 0);
  const { growthMiB, warmUpEndMiB, endMiB } = report.rss;
  const pass = report.errors === 0 && growthMiB < SOAK_MAX_GROWTH_MIB;
  const text =
    `no errors, growth < ${SOAK_MAX_GROWTH_MIB} MiB: ${report.errors} errors in ` +
    `${ops.toLocaleString('en-US')} operations (${report.verifiedGets.toLocaleString('en-US')} ` +
    `GETs verified), gateway RSS ${formatNumber(warmUpEndMiB)} → ${formatNumber(endMiB)} MiB ` +
    `after warm-up (growth ${formatNumber(growthMiB)} MiB), peak ${formatNumber(report.rss.peakMiB)} MiB`;
  // Growth is a benchmark figure (reported); errors are failures a run must not hide.
  return { pass, text, exitNonZero: report.errors > 0 };
}

function soakNotes(report: SoakReport): string[] {
  const c = report.config;
  const bands = SIZE_BANDS.filter((b) => b.min < c.maxSize)
    .map((b) => `${b.weight}% ${formatSize(b.min)}–${formatSize(Math.min(b.max, c.maxSize))}`)
    .join(', ');
  const notes = [
    `${c.clients} clients, each on its own keep-alive connection, one request at a time, for ` +
      `${c.durationMs / 1000} s (warm-up: the first ${c.warmUpShare * 100}%). Steps, weighted: PUT 35, GET 30, ` +
      `HEAD 15, LIST 10, DELETE 10. Sizes: ${bands} (log-uniform within a band, seeded).`,
    `Objects under ${formatSize(c.largeMin)} live in ${c.slotsPerClient} keys per client; an object of ` +
      `${formatSize(c.largeMin)} or more is PUT (half of those over ${formatSize(c.partSize)} as multipart uploads in ` +
      `${formatSize(c.partSize)} parts), HEAD, GET, DELETE under one of ${c.largeInFlight} permits, so at most ` +
      `${c.largeInFlight} × ${formatSize(c.maxSize)} large bytes are in flight or on disk, plus ${c.clients} × ` +
      `${formatSize(c.largeMin)} in flight and ${c.clients} × ${c.slotsPerClient} small objects stored.`,
    'Checked: every GET body (size and CRC32, streamed) against the last PUT of its key, HEAD ' +
      "Content-Length, LIST (the client's prefix: keys and sizes). A mismatch counts as an error.",
    `RSS at a point: the median of the 250 ms VmRSS readings in the ${report.rss.windowMs / 1000} s ` +
      `before it, under load. Gateway RSS every 10% of the run (MiB): ${rssTimeline(report)}. ` +
      `VmHWM after the run: ${formatNumber(report.rss.hwmMiB)} MiB. Gateway CPU: ${report.gatewayCpuS.toFixed(1)} s.`,
    `Bytes moved: ${formatNumber(report.bytesUp / GiB)} GiB up, ${formatNumber(report.bytesDown / GiB)} GiB down ` +
      `in ${report.wallS.toFixed(1)} s. --reps does not apply: one long run.`,
  ];
  if (report.stoppedEarly) notes.push(`Stopped early: ${report.stoppedEarly}.`);
  if (report.abortedAfterGrace) {
    notes.push(
      `Requests still running ${c.graceMs / 1000} s after the deadline were aborted (counted as errors).`,
    );
  }
  for (const e of report.firstErrors.slice(0, 5)) notes.push(`Error: ${e}`);
  return notes;
}

function rssTimeline(report: SoakReport): string {
  const { samples } = report.rss;
  const points: string[] = [];
  for (let tenth = 0; tenth <= 10; tenth++) {
    const at = (report.config.durationMs * tenth) / 10;
    // The first reading is taken a moment after the start: it stands for 0%.
    const sample = samples.filter((s) => s.atMs <= at).at(-1) ?? samples[0];
    points.push(sample ? (sample.bytes / MiB).toFixed(0) : '–');
  }
  return points.join(', ');
}
