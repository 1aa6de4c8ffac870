import type { UsageRepo } from '../store.js';
import type { UsageTotals } from '../types.js';
import { toNumber } from './codec.js';
import type { RepoContext } from './repo-context.js';

/** {@link UsageRepo} over kysely: totals are the sums of the shards. */
export class KyselyUsageRepo implements UsageRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Physical usage: each copy counts once on its backend. */
  async byBackend(): Promise<Record<string, UsageTotals>> {
    const rows = await this.#ctx.db
      .selectFrom('usage_shards')
      .select((eb) => [
        'backend',
        eb.fn.sum('bytes').as('bytes'),
        eb.fn.sum('objects').as('objects'),
      ])
      .groupBy('backend')
      .orderBy('backend')
      .execute();
    const totals: Record<string, UsageTotals> = {};
    for (const row of rows)
      totals[row.backend] = { bytes: toNumber(row.bytes), objects: toNumber(row.objects) };
    return totals;
  }

  /** Logical usage: each key counts once, whatever its number of copies. */
  async byBucket(bucket: string): Promise<UsageTotals> {
    const row = await this.#ctx.db
      .selectFrom('bucket_usage_shards')
      .select((eb) => [eb.fn.sum('bytes').as('bytes'), eb.fn.sum('objects').as('objects')])
      .where('bucket', '=', bucket)
      .executeTakeFirst();
    return { bytes: toNumber(row?.bytes), objects: toNumber(row?.objects) };
  }
}
