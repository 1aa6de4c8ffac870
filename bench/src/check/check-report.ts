import {
  RATIO_STATUSES,
  type RatioComparison,
  type RatioStatus,
  type ScenarioCheck,
} from './compare-ratios.js';

/** What `--check` writes to `results/check.json`. */
export type CheckReport = {
  /** The baseline: the results committed at `ref` (`HEAD`), which was `commit` when the run began. */
  readonly baseline: { readonly ref: string; readonly commit: string };
  readonly thresholdPct: number;
  readonly scenarios: readonly ScenarioCheck[];
  /** Ratios per status, over every scenario. */
  readonly counts: Readonly<Record<RatioStatus, number>>;
};

/** Puts the scenarios' comparisons together and counts them. */
export function createCheckReport(
  baseline: CheckReport['baseline'],
  thresholdPct: number,
  scenarios: readonly ScenarioCheck[],
): CheckReport {
  const counts = Object.fromEntries(RATIO_STATUSES.map((s) => [s, 0])) as Record<
    RatioStatus,
    number
  >;
  for (const r of scenarios.flatMap((s) => s.ratios)) counts[r.status] += 1;
  return { baseline, thresholdPct, scenarios, counts };
}

/** Whether `--check` fails: some ratio dropped by more than the threshold (and not within noise). */
export function isCheckFailed(report: CheckReport): boolean {
  return report.counts.dropped > 0;
}

/**
 * The comparison as a Markdown table (scenario, row, ratio, baseline, now, change, status),
 * then the scenarios' notes and the counts.
 */
export function renderCheckReport(report: CheckReport): string {
  const { ref, commit } = report.baseline;
  const lines = [
    `### Check: ratios against the results committed at ${ref} (${commit.slice(0, 12)}), threshold ${report.thresholdPct}%`,
    '',
    '| scenario | row | ratio | baseline | now | change | status |',
    '| --- | --- | --- | ---: | ---: | ---: | --- |',
  ];
  for (const r of report.scenarios.flatMap((s) => s.ratios)) {
    const column = r.better === 'lower' ? `${r.column} (lower is better)` : r.column;
    const values = [r.baseline, r.now].map((v) => (v === null ? '–' : `${v.toFixed(3)}×`));
    lines.push(
      `| ${[r.scenario, r.row, column, ...values, formatChange(r.changePct), statusText(r)].join(' | ')} |`,
    );
  }
  for (const s of report.scenarios)
    for (const note of s.notes) lines.push('', `Note: ${s.scenario}: ${note}.`);
  const c = report.counts;
  const total = RATIO_STATUSES.reduce((sum, s) => sum + c[s], 0);
  lines.push(
    '',
    `${total} ratios: ${c.dropped} dropped by more than ${report.thresholdPct}%, ${c['within-noise']} worse by more than that but within noise, ` +
      `${c.ok} ok, ${c.new} new, ${c.gone} gone. ` +
      (isCheckFailed(report) ? '**FAIL** (exit status 1).' : 'PASS.'),
  );
  return `${lines.join('\n')}\n`;
}

function formatChange(pct: number | null): string {
  if (pct === null) return '–';
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct).toFixed(1)}%`;
}

function statusText(r: RatioComparison): string {
  switch (r.status) {
    case 'dropped':
      return `**dropped ${r.dropPct?.toFixed(1)}%**${r.noisePct === null ? '' : ` (noise ${r.noisePct.toFixed(1)}%)`}`;
    case 'within-noise':
      return `within noise (worse ${r.dropPct?.toFixed(1)}%, noise ${r.noisePct?.toFixed(1)}%)`;
    case 'ok':
      return '';
    case 'new':
    case 'gone':
      return r.status;
  }
}
