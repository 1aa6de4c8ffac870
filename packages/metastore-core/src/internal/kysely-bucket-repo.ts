import type { Selectable, Updateable } from 'kysely';
import type { BucketsTable } from '../database.js';
import type { BucketRepo } from '../store.js';
import type {
  Bucket,
  BucketEncryption,
  BucketObjectLock,
  CorsRule,
  LifecycleRule,
  ObjectOwnership,
  PublicAccessBlock,
  VersioningState,
} from '../types.js';
import { jsonColumn, jsonFieldOf, parseJson, serializeJson } from './codec.js';
import type { NotificationRule } from '../notification-rule.js';
import type { RepoContext } from './repo-context.js';
import type { VersioningMode } from '../version-repo.js';

/** {@link BucketRepo} over kysely. */
export class KyselyBucketRepo implements BucketRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  async create(bucket: Bucket): Promise<boolean> {
    const result = await this.#ctx.db
      .insertInto('buckets')
      .values({
        name: bucket.name,
        owner: bucket.owner,
        region: bucket.region,
        created_at: bucket.createdAt.getTime(),
        versioning: bucket.versioning,
        tags: bucketTagsColumn(bucket.tags),
        cors: listColumn(bucket.cors),
        encryption: jsonColumn(bucket.encryption),
        object_lock: jsonColumn(bucket.objectLock),
        policy: bucket.policy ?? null,
        public_access_block: jsonColumn(bucket.publicAccessBlock),
        ownership: bucket.ownership ?? null,
        lifecycle: listColumn(bucket.lifecycle),
        notifications: listColumn(bucket.notifications),
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async get(name: string): Promise<Bucket | undefined> {
    const row = await this.#ctx.db
      .selectFrom('buckets')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? undefined : toBucket(row);
  }

  async list(owner?: string): Promise<Bucket[]> {
    let query = this.#ctx.db.selectFrom('buckets').selectAll().orderBy('name');
    if (owner !== undefined) query = query.where('owner', '=', owner);
    return (await query.execute()).map(toBucket);
  }

  async delete(name: string): Promise<boolean> {
    const { db } = this.#ctx;
    const result = await db.deleteFrom('buckets').where('name', '=', name).executeTakeFirst();
    // An empty bucket's counters sum to zero; dropping them keeps the tables from growing with
    // every bucket ever created.
    await db.deleteFrom('usage_shards').where('bucket', '=', name).execute();
    await db.deleteFrom('bucket_usage_shards').where('bucket', '=', name).execute();
    return Number(result.numDeletedRows) > 0;
  }

  async setTags(
    name: string,
    tags: Readonly<Record<string, string>> | undefined,
  ): Promise<boolean> {
    return this.#update(name, { tags: bucketTagsColumn(tags) });
  }

  async setCors(name: string, rules: readonly CorsRule[] | undefined): Promise<boolean> {
    return this.#update(name, { cors: listColumn(rules) });
  }

  async setEncryption(name: string, rule: BucketEncryption | undefined): Promise<boolean> {
    return this.#update(name, { encryption: jsonColumn(rule) });
  }

  async setObjectLock(name: string, config: BucketObjectLock): Promise<boolean> {
    const result = await this.#ctx.db
      .updateTable('buckets')
      .set({ object_lock: serializeJson(config) })
      .where('name', '=', name)
      // In the statement, so a concurrent suspension either commits first (and this changes
      // nothing) or sees the lock (PostgreSQL re-checks the row it waited for).
      .where('versioning', '=', 'Enabled')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async setPolicy(name: string, policy: string | undefined): Promise<boolean> {
    return this.#update(name, { policy: policy ?? null });
  }

  async setPublicAccessBlock(name: string, block: PublicAccessBlock | undefined): Promise<boolean> {
    return this.#update(name, { public_access_block: jsonColumn(block) });
  }

  async setOwnership(name: string, ownership: ObjectOwnership | undefined): Promise<boolean> {
    return this.#update(name, { ownership: ownership ?? null });
  }

  async setLifecycle(name: string, rules: readonly LifecycleRule[] | undefined): Promise<boolean> {
    return this.#update(name, { lifecycle: listColumn(rules) });
  }

  async setNotifications(
    name: string,
    rules: readonly NotificationRule[] | undefined,
  ): Promise<boolean> {
    return this.#update(name, { notifications: listColumn(rules) });
  }

  async #update(name: string, values: Updateable<BucketsTable>): Promise<boolean> {
    const result = await this.#ctx.db
      .updateTable('buckets')
      .set(values)
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async setVersioning(name: string, state: VersioningMode): Promise<boolean> {
    const result = await this.#ctx.db
      .updateTable('buckets')
      .set({ versioning: state })
      .where('name', '=', name)
      // Object Lock needs every write to be a new version: a locked bucket is never suspended.
      .$if(state === 'Suspended', (qb) => qb.where('object_lock', 'is', null))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

/** The column value of a rule list (`buckets.cors`, `.lifecycle`, `.notifications`): NULL for none. */
function listColumn(rules: readonly unknown[] | undefined): string | null {
  return rules === undefined || rules.length === 0 ? null : serializeJson(rules);
}

/** The `buckets.tags` value of a tag set: NULL for none (an empty set is none). */
function bucketTagsColumn(tags: Readonly<Record<string, string>> | undefined): string | null {
  return tags === undefined || Object.keys(tags).length === 0 ? null : serializeJson(tags);
}

function toBucket(row: Selectable<BucketsTable>): Bucket {
  return {
    name: row.name,
    owner: row.owner,
    region: row.region,
    createdAt: new Date(Number(row.created_at)),
    versioning: row.versioning as VersioningState,
    ...(row.tags === null ? {} : { tags: parseJson<Record<string, string>>(row.tags) }),
    ...(row.cors === null ? {} : { cors: parseJson<CorsRule[]>(row.cors) }),
    ...jsonFieldOf<'encryption', BucketEncryption>('encryption', row.encryption),
    ...jsonFieldOf<'objectLock', BucketObjectLock>('objectLock', row.object_lock),
    ...(row.policy === null ? {} : { policy: row.policy }),
    ...jsonFieldOf<'publicAccessBlock', PublicAccessBlock>(
      'publicAccessBlock',
      row.public_access_block,
    ),
    ...(row.ownership === null ? {} : { ownership: row.ownership as ObjectOwnership }),
    ...(row.lifecycle === null ? {} : { lifecycle: parseJson<LifecycleRule[]>(row.lifecycle) }),
    ...(row.notifications === null
      ? {}
      : { notifications: parseJson<NotificationRule[]>(row.notifications) }),
  };
}
