import { COLUMN_NAMES, type ColumnName } from '../targets/target.js';
import { formatNumber } from './format.js';
import type { ScenarioResult } from './result.js';

const COLORS: Readonly<Record<ColumnName, string>> = {
  strata: '#1f6feb',
  'strata-metrics': '#0a3069',
  'strata-sse': '#1b7c83',
  'strata-policy': '#953800',
  raw: '#6e7781',
  'raw-md5': '#a0a7b0',
  s3rver: '#d4a72c',
  rgw: '#cf222e',
  'strata-fs': '#54aeff',
  sqlite: '#2da44e',
  postgres: '#8250df',
  direct: '#6e7781',
  'strata-cache-off': '#a0a7b0',
  'strata-cold': '#54aeff',
  'strata-warm': '#1f6feb',
  'strata-cli': '#1f6feb',
  'aws-cli-v2': '#d4a72c',
  'aws-cli-v1': '#a0a7b0',
  rclone: '#2da44e',
  s3cmd: '#8250df',
  boto3: '#cf222e',
};

const WIDTH = 760;
const LABEL_W = 170;
const BAR_H = 14;
const GAP = 4;

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Draws the charted rows of a scenario as a hand-written SVG: one group of horizontal bars per
 * case, each group on its own scale (its largest max), a bar per target at the median with a
 * min–max whisker and the value printed. No dependency; the output is plain text for the README.
 */
export function renderSvgChart(result: ScenarioResult): string {
  const rows = result.rows.filter((r) => r.chart);
  const names = COLUMN_NAMES.filter((n) => rows.some((r) => r.cells[n]));
  const plotW = WIDTH - LABEL_W - 90;
  const parts: string[] = [];
  let y = 46;
  for (const row of rows) {
    const present = names.filter((n) => row.cells[n]);
    const scale = Math.max(...present.map((n) => row.cells[n]?.max ?? 0), 1e-9);
    parts.push(
      `<text x="8" y="${y + 11}" font-weight="bold">${escapeXml(`${row.case} (${row.unit}${row.better === 'lower' ? ', lower is better' : ''})`)}</text>`,
    );
    y += 18;
    for (const name of present) {
      const cell = row.cells[name];
      if (!cell) continue;
      const w = (cell.median / scale) * plotW;
      const x0 = LABEL_W + (cell.min / scale) * plotW;
      const x1 = LABEL_W + (cell.max / scale) * plotW;
      const mid = y + BAR_H / 2;
      parts.push(
        `<text x="${LABEL_W - 6}" y="${y + 11}" text-anchor="end">${name}</text>`,
        `<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${COLORS[name]}"/>`,
        `<line x1="${x0.toFixed(1)}" x2="${x1.toFixed(1)}" y1="${mid}" y2="${mid}" stroke="#000" stroke-width="1"/>`,
        `<text x="${(LABEL_W + Math.max(w, x1 - LABEL_W) + 6).toFixed(1)}" y="${y + 11}">${formatNumber(cell.median)}</text>`,
      );
      y += BAR_H + GAP;
    }
    y += 10;
  }
  const title = `${result.title}${result.quick ? ' (quick)' : ''}`;
  const legend = 'bar = median, whisker = min–max over repeats; each group has its own scale';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y + 8}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="18" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="8" y="34" fill="#555">${escapeXml(legend)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
