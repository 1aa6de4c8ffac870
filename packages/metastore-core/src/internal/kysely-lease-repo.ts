import { sql } from 'kysely';
import type { Expression } from 'kysely';
import type { LeaseRepo } from '../store.js';
import type { Lease } from '../types.js';
import { toNumber } from './codec.js';
import type { RepoContext } from './repo-context.js';

/**
 * {@link LeaseRepo} over kysely. Each operation is one statement, so it is atomic on its own: an
 * acquisition is an upsert whose update only fires when the row is expired or already ours, and
 * on PostgreSQL a concurrent upsert of the same name waits for the row lock, then re-checks that
 * condition against the committed row.
 */
export class KyselyLeaseRepo implements LeaseRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  async tryAcquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    const now = this.#ctx.adapter.currentTimeMs();
    const result = await this.#ctx.db
      .insertInto('leases')
      .values({ name, holder, expires_at: plus(now, ttl), acquired_at: now })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet((eb) => ({
            holder: eb.ref('excluded.holder'),
            expires_at: eb.ref('excluded.expires_at'),
            // Re-acquiring our own lease extends it; leadership began when we first took it.
            acquired_at: eb
              .case()
              .when('leases.holder', '=', eb.ref('excluded.holder'))
              .then(eb.ref('leases.acquired_at'))
              .else(eb.ref('excluded.acquired_at'))
              .end(),
          }))
          .where((eb) =>
            eb.or([
              eb('leases.holder', '=', eb.ref('excluded.holder')),
              eb('leases.expires_at', '<=', eb.ref('excluded.acquired_at')),
            ]),
          ),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    const now = this.#ctx.adapter.currentTimeMs();
    const result = await this.#ctx.db
      .updateTable('leases')
      .set({ expires_at: plus(now, ttl) })
      .where('name', '=', name)
      .where('holder', '=', holder)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async release(name: string, holder: string): Promise<boolean> {
    const result = await this.#ctx.db
      .deleteFrom('leases')
      .where('name', '=', name)
      .where('holder', '=', holder)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async get(name: string): Promise<Lease | undefined> {
    const row = await this.#ctx.db
      .selectFrom('leases')
      .selectAll()
      .where('name', '=', name)
      .where('expires_at', '>', this.#ctx.adapter.currentTimeMs())
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      name: row.name,
      holder: row.holder,
      acquiredAt: new Date(toNumber(row.acquired_at)),
      expiresAt: new Date(toNumber(row.expires_at)),
    };
  }
}

function plus(now: Expression<number>, ms: number): Expression<number> {
  return sql<number>`${now} + ${ms}`;
}

function checkTtl(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`lease ttlMs must be a positive number of milliseconds, got ${ttlMs}`);
  }
  return Math.ceil(ttlMs);
}
