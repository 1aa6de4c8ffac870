/** A number with as many digits as it deserves: 1234, 12.3, 1.23. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A ratio as `1.23×`. */
export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '–';
}

/**
 * Strata's advantage over `other`: above 1 means Strata is better, whatever the metric's
 * direction (throughput divides Strata by the other, latency the other by Strata).
 */
export function advantage(strata: number, other: number, better: 'higher' | 'lower'): number {
  if (!strata || !other) return Number.NaN;
  return better === 'higher' ? strata / other : other / strata;
}
