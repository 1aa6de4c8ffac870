import { formatMachine } from '../machine.js';
import { formatNumber, formatRatio } from './format.js';
import { ratioColumns, ratioValue } from './ratio-columns.js';
import type { ScenarioResult } from './result.js';

/**
 * Renders a scenario as Markdown: one table whose cells are `median (min–max)` per target,
 * then the headline ratios (Strata against each peer, above 1 = Strata better), the noise
 * check, the load generator's CPU, unavailable targets and notes.
 */
export function renderMarkdown(result: ScenarioResult): string {
  const present = result.targets.filter((t) => t.available).map((t) => t.name);
  const ratios = ratioColumns(result);
  const variants = ratios.filter((r) => r.variant).map((r) => r.subject);
  const head = ['case', 'unit', ...present, ...ratios.map((r) => r.label)];
  const lines = [
    `### ${result.title}${result.quick ? ' (quick)' : ''}`,
    '',
    `Machine: ${formatMachine(result.machine)}. Started ${result.startedAt}, took ${Math.round(result.durationS)} s.`,
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
  ];
  for (const row of result.rows) {
    const cells = present.map((name) => {
      const c = row.cells[name];
      return c ? `${formatNumber(c.median)} (${formatNumber(c.min)}–${formatNumber(c.max)})` : '–';
    });
    const values = ratios.map((r) => formatRatio(ratioValue(r, row)));
    lines.push(`| ${[row.case, row.unit, ...cells, ...values].join(' | ')} |`);
  }
  lines.push(
    '',
    'Cells: median (min–max) over the repeats. Ratios: above 1× means Strata is better' +
      (variants.length > 0
        ? `; in ${variants.map((v) => `\`${v} vs strata\``).join(', ')}, above 1× means the variant is better (ops/s: variant ÷ strata).`
        : '.'),
  );
  for (const v of result.verdicts ?? []) {
    lines.push('', `**${v.pass ? 'PASS' : 'FAIL'}**: ${v.text}`);
  }
  for (const r of result.references) {
    lines.push(
      '',
      `Reference: ${r.name}: ${formatNumber(r.median)} ${r.unit} (${formatNumber(r.min)}–${formatNumber(r.max)}).`,
    );
  }
  for (const n of result.noise) {
    lines.push(
      '',
      `Noise check: ${n.target} "${n.case}" measured twice in this run: ` +
        `${formatNumber(n.first.median)} vs ${formatNumber(n.second.median)} ${n.unit} ` +
        `(${n.diffPct.toFixed(1)}% apart). Differences smaller than this are not signal.`,
    );
  }
  const lg = result.loadGenerator;
  lines.push(
    '',
    `${result.inProcess ? 'Bench process CPU (the measured code runs in it)' : 'Load generator CPU'}: ${lg.cpuUserS.toFixed(1)} s user + ${lg.cpuSystemS.toFixed(1)} s system ` +
      `over ${lg.wallS.toFixed(1)} s wall (${lg.cpuPctOfOneCore.toFixed(0)}% of one core).`,
  );
  for (const t of result.targets.filter((x) => !x.available)) {
    lines.push('', `Unavailable: ${t.name}: ${t.reason ?? 'unknown reason'}.`);
  }
  for (const f of result.failures) {
    lines.push(
      '',
      `Failed: ${f.target} at ${f.what} (dropped from the rest of the scenario): ${f.message}`,
    );
  }
  for (const note of result.notes) lines.push('', `Note: ${note}`);
  return `${lines.join('\n')}\n`;
}
