import type { BackendStateOverride, BackendStateRepo } from '../store.js';
import type { RepoContext } from './repo-context.js';

/** {@link BackendStateRepo} over kysely: one row per overridden backend, replaced by an upsert. */
export class KyselyBackendStateRepo implements BackendStateRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  async list(): Promise<readonly BackendStateOverride[]> {
    const rows = await this.#ctx.db
      .selectFrom('backend_states')
      .select(['backend', 'state', 'changed_at'])
      .orderBy('backend')
      .execute();
    return rows.map((row) => ({
      backend: row.backend,
      state: row.state,
      // PostgreSQL's bigint arrives as a string.
      changedAt: new Date(Number(row.changed_at)),
    }));
  }

  async set(backend: string, state: string, now = new Date()): Promise<BackendStateOverride> {
    const changed_at = now.getTime();
    await this.#ctx.db
      .insertInto('backend_states')
      .values({ backend, state, changed_at })
      .onConflict((oc) => oc.column('backend').doUpdateSet({ state, changed_at }))
      .execute();
    return { backend, state, changedAt: new Date(changed_at) };
  }

  async clear(backend: string): Promise<boolean> {
    const result = await this.#ctx.db
      .deleteFrom('backend_states')
      .where('backend', '=', backend)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
