/** A backend's traffic in one calendar month. */
export interface MonthlyUsage {
  /** Calls made to the backend (every method but `close`). */
  readonly requests: number;
  /** Bytes read from the backend (GET bodies). */
  readonly egressBytes: number;
  /** Bytes written to the backend (PUT and part bodies). */
  readonly ingressBytes: number;
}

/**
 * Optional monthly caps on a backend's traffic (0 or absent: unlimited). A backend over a cap
 * takes no new writes (ingress, requests) or reads (egress, requests) until the month ends;
 * deletes and aborts are always allowed, so that cleanup can run.
 */
export interface MonthlyLimits {
  readonly requests?: number | undefined;
  readonly egressBytes?: number | undefined;
  readonly ingressBytes?: number | undefined;
}

/**
 * Where a pool persists monthly usage, so that limits hold across restarts and across gateway
 * instances. `@strata/metastore-core`'s `store.backendUsage` has this shape.
 */
export interface MonthlyUsageStore {
  /** Adds `delta` to `backend`'s totals for `period` (`YYYY-MM`, UTC). */
  add(period: string, backend: string, delta: MonthlyUsage): Promise<void>;
  /** Every backend's totals for `period`. */
  month(period: string): Promise<Readonly<Record<string, MonthlyUsage>>>;
}
