import { ratioColumns, ratioValue } from '../report/ratio-columns.js';
import type { Better, ScenarioResult } from '../report/result.js';
import { COLUMN_NAMES, type ColumnName } from '../targets/target.js';

/** The unit of rows whose cells are ratios themselves (`gateway ÷ direct`, `with ÷ without`). */
export const RATIO_UNIT = '×';

/** One ratio a scenario run produced. */
export type RatioPoint = {
  /** The row's case (`GET 4 KiB c=16`). */
  readonly row: string;
  /**
   * A ratio column of the table (`strata vs raw`, `strata-metrics vs strata`), or, on a ratio
   * row (unit `×`), the column whose cell it is (`rgw`, `sqlite`).
   */
  readonly column: string;
  /**
   * Which direction is good: `higher` for the table's ratio columns (oriented so that above 1×
   * the subject is better, latency rows included); a ratio row's own direction otherwise
   * (`page time 100 k ÷ 10 k keys` is lower-is-better).
   */
  readonly better: Better;
  readonly value: number;
  /** The result columns it is computed from: the noise checks that apply to it are theirs. */
  readonly from: readonly ColumnName[];
};

/**
 * Every ratio a scenario's results hold, in table order: for each row, its cells when it is a
 * ratio row (unit `×`), then the table's ratio columns ({@link ratioColumns}, the same function
 * the Markdown table uses). Ratios that cannot be computed (a side missing or zero, the table's
 * `–`) are left out.
 */
export function collectRatios(result: ScenarioResult): RatioPoint[] {
  const columns = ratioColumns(result);
  const points: RatioPoint[] = [];
  for (const row of result.rows) {
    if (row.unit === RATIO_UNIT) {
      for (const name of COLUMN_NAMES) {
        const value = row.cells[name]?.median;
        if (value === undefined || !Number.isFinite(value)) continue;
        points.push({ row: row.case, column: name, better: row.better, value, from: [name] });
      }
    }
    for (const column of columns) {
      const value = ratioValue(column, row);
      if (!Number.isFinite(value)) continue;
      points.push({
        row: row.case,
        column: column.label,
        better: 'higher',
        value,
        from: [column.subject, column.against],
      });
    }
  }
  return points;
}

/**
 * The widest noise check `result` recorded for `point`: a check of the same row on one of the
 * columns the ratio is computed from, as |first − second| ÷ mean in percent; undefined if none.
 */
export function noiseOf(result: ScenarioResult, point: RatioPoint): number | undefined {
  const widths = result.noise
    .filter((n) => n.case === point.row && point.from.includes(n.target))
    .map((n) => n.diffPct);
  return widths.length > 0 ? Math.max(...widths) : undefined;
}
