import type { JobCursorRepo } from '../store.js';
import type { RepoContext } from './repo-context.js';

/** {@link JobCursorRepo} over kysely: one row per job name, replaced by an upsert. */
export class KyselyJobCursorRepo implements JobCursorRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  async get(name: string): Promise<string | undefined> {
    const row = await this.#ctx.db
      .selectFrom('job_cursors')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value;
  }

  async set(name: string, value: string | undefined): Promise<void> {
    const { db } = this.#ctx;
    if (value === undefined) {
      await db.deleteFrom('job_cursors').where('name', '=', name).execute();
      return;
    }
    await db
      .insertInto('job_cursors')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
      .execute();
  }
}
