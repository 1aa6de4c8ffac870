import type { NoiseCheck, ResultRow, Verdict } from '../report/result.js';

/** The issue's aim: with a 20-statement bucket policy, 4 KiB GET keeps at least this much of its ops/s. */
export const POLICY_COST_AIM = 0.9;

/** The small scenario's operations, in the order it runs them. */
export const POLICY_COST_OPS = ['GET', 'PUT', 'HEAD', 'DELETE'] as const;

/** One of {@link POLICY_COST_OPS}. */
export type PolicyCostOp = (typeof POLICY_COST_OPS)[number];

/** `strata-policy` against `strata` on one ops/s row. */
export type PolicyRatio = {
  readonly case: string;
  /** strata-policy ÷ strata, medians of ops/s (below 1: the policy costs). */
  readonly ratio: number;
};

/** The rows `<op> 4 KiB c=N` (ops/s) measured on both Stratas, in row order. */
export function policyRatios(rows: readonly ResultRow[], op: PolicyCostOp): PolicyRatio[] {
  const out: PolicyRatio[] = [];
  for (const row of rows) {
    if (!new RegExp(`^${op} 4 KiB c=\\d+$`).test(row.case)) continue;
    const strata = row.cells.strata?.median;
    const policy = row.cells['strata-policy']?.median;
    if (!strata || !policy) continue;
    out.push({ case: row.case, ratio: policy / strata });
  }
  return out;
}

const times = (v: number): string => `${v.toFixed(3)}×`;
const concurrency = (r: PolicyRatio): string => r.case.slice(r.case.lastIndexOf(' ') + 1);

/**
 * The `small` scenario's bucket-policy line: "bucket policy cost on 4 KiB GET: strata-policy ÷
 * strata = X× (aim ≥ 0.9×)", judged on the worst 4 KiB GET concurrency, with the ratios of the
 * other small operations and the run's noise check on strata's own GET beside it. Passes when
 * X ≥ the aim. Undefined when either Strata has no 4 KiB GET row. Never exits non-zero: a speed
 * aim on a shared machine is reported, not asserted.
 */
export function policyCostVerdict(
  rows: readonly ResultRow[],
  noise: readonly NoiseCheck[],
): Verdict | undefined {
  const get = policyRatios(rows, 'GET');
  if (get.length === 0) return undefined;
  const worst = Math.min(...get.map((r) => r.ratio));
  const list = POLICY_COST_OPS.map((op) => [op, policyRatios(rows, op)] as const)
    .filter(([, ratios]) => ratios.length > 0)
    .map(
      ([op, ratios]) =>
        `${op} ${ratios.map((r) => `${concurrency(r)} ${times(r.ratio)}`).join(', ')}`,
    );
  const parts = [
    `bucket policy cost on 4 KiB GET: strata-policy ÷ strata = ${times(worst)} (aim ≥ ${POLICY_COST_AIM}×)`,
    `20-statement policy, ops/s ratios: ${list.join('; ')}`,
  ];
  const getNoise = noise.filter((n) => n.target === 'strata' && get.some((r) => r.case === n.case));
  if (getNoise.length > 0) {
    const widest = Math.max(...getNoise.map((n) => n.diffPct));
    const margin = (1 - POLICY_COST_AIM) * 100;
    parts.push(
      `strata's own GET measured twice: ${widest.toFixed(1)}% apart` +
        (widest > margin
          ? `, wider than the ${margin.toFixed(0)}% the aim allows: this run cannot resolve it`
          : ''),
    );
  }
  return { pass: worst >= POLICY_COST_AIM, text: parts.join('; '), exitNonZero: false };
}
