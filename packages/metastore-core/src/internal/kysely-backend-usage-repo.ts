import type { BackendTraffic, BackendUsageRepo } from '../backend-usage-repo.js';
import { toNumber } from './codec.js';
import type { RepoContext } from './repo-context.js';

/** `YYYY-MM`, month 01–12. */
const PERIOD = /^\d{4}-(?:0[1-9]|1[0-2])$/;

/**
 * {@link BackendUsageRepo} over kysely: each `add` upserts the transaction's shard row of
 * (period, backend) (`INSERT … ON CONFLICT DO UPDATE`, as the usage counters do), so concurrent
 * flushes from many instances spread over the shards instead of waiting on one row; `month` sums
 * them.
 */
export class KyselyBackendUsageRepo implements BackendUsageRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  async add(period: string, backend: string, delta: BackendTraffic): Promise<void> {
    checkPeriod(period);
    const requests = checkCount(delta.requests, 'requests');
    const egress = checkCount(delta.egressBytes, 'egressBytes');
    const ingress = checkCount(delta.ingressBytes, 'ingressBytes');
    if (requests === 0 && egress === 0 && ingress === 0) return;
    await this.#ctx.db
      .insertInto('backend_usage_shards')
      .values({
        period,
        backend,
        shard: this.#ctx.shard(),
        requests,
        egress_bytes: egress,
        ingress_bytes: ingress,
      })
      .onConflict((oc) =>
        oc.columns(['period', 'backend', 'shard']).doUpdateSet((eb) => ({
          requests: eb(eb.ref('backend_usage_shards.requests'), '+', eb.ref('excluded.requests')),
          egress_bytes: eb(
            eb.ref('backend_usage_shards.egress_bytes'),
            '+',
            eb.ref('excluded.egress_bytes'),
          ),
          ingress_bytes: eb(
            eb.ref('backend_usage_shards.ingress_bytes'),
            '+',
            eb.ref('excluded.ingress_bytes'),
          ),
        })),
      )
      .execute();
  }

  async month(period: string): Promise<Record<string, BackendTraffic>> {
    checkPeriod(period);
    const rows = await this.#ctx.db
      .selectFrom('backend_usage_shards')
      .select((eb) => [
        'backend',
        eb.fn.sum('requests').as('requests'),
        eb.fn.sum('egress_bytes').as('egress_bytes'),
        eb.fn.sum('ingress_bytes').as('ingress_bytes'),
      ])
      .where('period', '=', period)
      .groupBy('backend')
      .orderBy('backend')
      .execute();
    const totals: Record<string, BackendTraffic> = {};
    for (const row of rows) {
      totals[row.backend] = {
        requests: toNumber(row.requests),
        egressBytes: toNumber(row.egress_bytes),
        ingressBytes: toNumber(row.ingress_bytes),
      };
    }
    return totals;
  }
}

function checkPeriod(period: string): void {
  if (!PERIOD.test(period)) {
    throw new RangeError(`usage period must be 'YYYY-MM', got ${JSON.stringify(period)}`);
  }
}

function checkCount(value: number, name: keyof BackendTraffic): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`backend usage ${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}
