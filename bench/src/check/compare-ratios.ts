import type { Better, ScenarioResult } from '../report/result.js';
import { collectRatios, noiseOf, type RatioPoint } from './collect-ratios.js';

/**
 * What happened to one ratio since the baseline: `dropped` (worse by more than the threshold),
 * `within-noise` (worse by more than the threshold, but by less than the run's own noise check
 * on that row), `ok`, `new` (not in the baseline), `gone` (in the baseline, not in this run).
 */
export const RATIO_STATUSES = ['dropped', 'within-noise', 'ok', 'new', 'gone'] as const;

/** One of {@link RATIO_STATUSES}. */
export type RatioStatus = (typeof RATIO_STATUSES)[number];

/** One ratio, in the baseline and now. Numbers are null where there is nothing to compare. */
export type RatioComparison = {
  readonly scenario: string;
  readonly row: string;
  readonly column: string;
  readonly better: Better;
  readonly baseline: number | null;
  readonly now: number | null;
  /** (now − baseline) ÷ baseline, in percent, as measured (signed). */
  readonly changePct: number | null;
  /** How much worse it got, in percent of the baseline, in the ratio's direction; < 0 is better. */
  readonly dropPct: number | null;
  /** The widest noise check on this row and its columns, in either run, in percent. */
  readonly noisePct: number | null;
  readonly status: RatioStatus;
};

/** One scenario's comparison. */
export type ScenarioCheck = {
  readonly scenario: string;
  /** The baseline run, or null when the baseline has no results for this scenario. */
  readonly baseline: { readonly startedAt: string; readonly quick: boolean } | null;
  readonly now: { readonly startedAt: string; readonly quick: boolean };
  /** Why the comparison may mislead (no baseline, quick against full). */
  readonly notes: readonly string[];
  readonly ratios: readonly RatioComparison[];
};

/**
 * Compares every ratio of `now` ({@link collectRatios}) with the same ratio (same row, same
 * column) in `baseline`. A ratio is `dropped` when it got worse by more than `thresholdPct`
 * percent of its baseline value in its own direction, unless a noise check recorded for it in
 * either run is wider than the drop (`within-noise`). Ratios only in `now` are `new`, only in
 * the baseline `gone` (listed after the others). Pure: no I/O.
 */
export function compareScenario(
  baseline: ScenarioResult | undefined,
  now: ScenarioResult,
  thresholdPct: number,
): ScenarioCheck {
  const before = new Map((baseline ? collectRatios(baseline) : []).map((p) => [keyOf(p), p]));
  const ratios: RatioComparison[] = [];
  for (const point of collectRatios(now)) {
    const old = before.get(keyOf(point));
    before.delete(keyOf(point));
    const noisePct = widest(noiseOf(now, point), old && baseline && noiseOf(baseline, old));
    ratios.push(compareOne(now.scenario, old, point, noisePct, thresholdPct));
  }
  for (const old of before.values()) {
    const noisePct = widest(baseline && noiseOf(baseline, old));
    ratios.push({ ...base(now.scenario, old), baseline: old.value, noisePct, status: 'gone' });
  }
  return {
    scenario: now.scenario,
    baseline: baseline ? { startedAt: baseline.startedAt, quick: baseline.quick } : null,
    now: { startedAt: now.startedAt, quick: now.quick },
    notes: notesOf(baseline, now),
    ratios,
  };
}

function compareOne(
  scenario: string,
  old: RatioPoint | undefined,
  point: RatioPoint,
  noisePct: number | null,
  thresholdPct: number,
): RatioComparison {
  const common = { ...base(scenario, point), now: point.value, noisePct };
  if (!old) return { ...common, status: 'new' };
  // A zero baseline has no relative change (the table's ratios are never zero; a ratio row could be).
  const changePct =
    old.value === 0 ? null : ((point.value - old.value) / Math.abs(old.value)) * 100;
  const dropPct = changePct === null ? null : point.better === 'higher' ? -changePct : changePct;
  const status: RatioStatus =
    dropPct === null || dropPct <= thresholdPct
      ? 'ok'
      : noisePct !== null && noisePct > dropPct
        ? 'within-noise'
        : 'dropped';
  return { ...common, baseline: old.value, changePct, dropPct, status };
}

function base(scenario: string, p: RatioPoint) {
  return {
    scenario,
    row: p.row,
    column: p.column,
    better: p.better,
    baseline: null,
    now: null,
    changePct: null,
    dropPct: null,
    noisePct: null,
  };
}

function widest(...widths: (number | undefined)[]): number | null {
  const known = widths.filter((w): w is number => w !== undefined);
  return known.length > 0 ? Math.max(...known) : null;
}

function keyOf(p: RatioPoint): string {
  return `${p.row}\u0000${p.column}`;
}

function notesOf(baseline: ScenarioResult | undefined, now: ScenarioResult): string[] {
  if (!baseline) return ['no baseline results for this scenario: every ratio is new'];
  const notes: string[] = [];
  if (baseline.quick !== now.quick) {
    const kind = (quick: boolean) => (quick ? 'a quick run' : 'a full run');
    notes.push(
      `the baseline is ${kind(baseline.quick)} and this is ${kind(now.quick)}: rows measured at other sizes are new/gone, the rest compare unlike runs`,
    );
  }
  // The shared machines differ (hardware CRC32 or SHA extensions move the in-process ratios).
  const cpu = (r: ScenarioResult) => `${r.machine.cpuModel}, ${r.machine.cores} cores`;
  if (cpu(baseline) !== cpu(now))
    notes.push(
      `the baseline ran on ${cpu(baseline)}, this run on ${cpu(now)}: a ratio can move with the hardware`,
    );
  return notes;
}
