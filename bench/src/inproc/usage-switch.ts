import type { OpenSqliteStoreOptions } from '@strata/metastore-core/sqlite';

/** kysely's `KyselyPlugin`, reached through the store's public options (kysely is not ours). */
type Plugin = NonNullable<OpenSqliteStoreOptions['plugins']>[number];
type QueryArgs = Parameters<Plugin['transformQuery']>[0];
type ResultArgs = Parameters<Plugin['transformResult']>[0];
type RootNode = QueryArgs['node'];
type InsertNode = Extract<RootNode, { kind: 'InsertQueryNode' }>;

/** The two tables `objects.put` upserts its usage deltas into (see metastore-core's applyUsage). */
const USAGE_TABLES = new Set(['usage_shards', 'bucket_usage_shards']);

/**
 * A kysely plugin, passed through the store's public `plugins` option, that times the usage
 * accounting statements of `objects.put` and can switch them off. metastore-core has no switch
 * for usage accounting and its package must not change, so this is the only way through the
 * public API to commit the same put without it:
 *
 * - `accounting = true`: statements run as shipped; the time from kysely handing each usage upsert
 *   to its result is added up (the cost of accounting alone, inside the real commit).
 * - `accounting = false`: each usage upsert becomes `insert into <table> (<cols>) select null, …
 *   where false` — an insert of zero rows (a plugin must return a node of the same kind). The
 *   transaction is otherwise byte for byte the same; what remains of accounting is one cheap
 *   statement each (a round trip on PostgreSQL), timed the same way, so "without" is a slight
 *   underestimate of a store with no accounting at all.
 */
export class UsageSwitch implements Plugin {
  /** Whether usage upserts run (true) or are replaced by empty inserts (false). */
  accounting = true;
  readonly #started = new WeakMap<object, bigint>();
  #ns = 0n;
  #statements = 0;

  transformQuery(args: QueryArgs): RootNode {
    const { node } = args;
    if (node.kind !== 'InsertQueryNode') return node;
    const table = node.into?.table.identifier.name;
    if (table === undefined || !USAGE_TABLES.has(table)) return node;
    this.#started.set(args.queryId, process.hrtime.bigint());
    return this.accounting ? node : emptyInsert(node);
  }

  transformResult(args: ResultArgs): ReturnType<Plugin['transformResult']> {
    const t0 = this.#started.get(args.queryId);
    if (t0 !== undefined) {
      this.#ns += process.hrtime.bigint() - t0;
      this.#statements++;
      this.#started.delete(args.queryId);
    }
    return Promise.resolve(args.result);
  }

  /** Seconds spent in usage statements (or their stand-ins) and how many, since the last call. */
  take(): { seconds: number; statements: number } {
    const out = { seconds: Number(this.#ns) / 1e9, statements: this.#statements };
    this.#ns = 0n;
    this.#statements = 0;
    return out;
  }
}

function emptyInsert(node: InsertNode): InsertNode {
  const nulls = (node.columns ?? []).map(() => 'null').join(', ');
  return {
    ...node,
    values: { kind: 'RawNode', sqlFragments: [`select ${nulls} where false`], parameters: [] },
    onConflict: undefined,
  } as InsertNode;
}
