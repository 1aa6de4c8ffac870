import { isStrataVariant, type ColumnName } from '../targets/target.js';
import { advantage } from './format.js';
import type { ResultRow, ScenarioResult } from './result.js';

/**
 * One ratio column of a scenario's table: `strata vs raw` (Strata's advantage over a peer; in
 * the `transfer` scenario `strata-cli vs rclone`, its client's over another) or
 * `strata-metrics vs strata` (a Strata variant's advantage over Strata). Above 1× `subject` is
 * better, whatever the row's direction.
 */
export type RatioColumn = {
  /** The column header: `strata vs raw`, `strata-metrics vs strata`. */
  readonly label: string;
  /** The column whose advantage the ratio is. */
  readonly subject: ColumnName;
  /** The column it is measured against. */
  readonly against: ColumnName;
  /** `subject` is a Strata variant (compared with Strata, not Strata with it). */
  readonly variant: boolean;
};

/**
 * The ratio columns of a scenario's table, in table order: Strata against each available peer
 * (when Strata is available), then each available Strata variant against Strata. The one
 * definition the Markdown table and `--check` share, so both see the same ratios.
 */
export function ratioColumns(result: Pick<ScenarioResult, 'targets'>): RatioColumn[] {
  const present = result.targets.filter((t) => t.available).map((t) => t.name);
  // The `transfer` scenario's columns are client tools, Strata's own being `strata-cli`.
  const lead: ColumnName | undefined = present.includes('strata')
    ? 'strata'
    : present.includes('strata-cli')
      ? 'strata-cli'
      : undefined;
  if (lead === undefined) return [];
  const peers = present.filter((n) => n !== lead && !isStrataVariant(n));
  const variants = present.filter((n) => isStrataVariant(n));
  return [
    ...peers.map((p) => ({
      label: `${lead} vs ${p}`,
      subject: lead,
      against: p,
      variant: false,
    })),
    // A variant (Strata with a feature on) is compared with Strata in the same orientation:
    // above 1× the variant is better, so on a throughput row the ratio is variant ÷ strata.
    ...variants.map((v) => ({
      label: `${v} vs strata`,
      subject: v,
      against: 'strata' as const,
      variant: true,
    })),
  ];
}

/** `column`'s ratio on `row`, from the medians; NaN when either side is missing or zero. */
export function ratioValue(column: RatioColumn, row: ResultRow): number {
  return advantage(
    row.cells[column.subject]?.median ?? Number.NaN,
    row.cells[column.against]?.median ?? Number.NaN,
    row.better,
  );
}
