/** Summary of repeated samples. */
export type Summary = {
  readonly samples: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max − min) / median, in percent: how much the repeats disagree. */
  readonly spreadPct: number;
};

/** The q-quantile (0..1) of `values` by linear interpolation; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

/** Median, min, max and spread of repeated samples. */
export function summarize(samples: readonly number[]): Summary {
  const median = quantile(samples, 0.5);
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  return { samples, median, min, max, spreadPct: median ? ((max - min) / median) * 100 : 0 };
}
