import { ConditionFailedError, MetastoreBusyError } from '../errors.js';
import type { ObjectRepo, PutObjectRecordOptions, PutObjectRecordResult } from '../object-repo.js';
import type {
  ListByBackendQuery,
  ListObjectsPage,
  ListObjectsQuery,
  ObjectCondition,
  ObjectCopy,
  ObjectEncryption,
  ObjectRecord,
} from '../types.js';
import { applyUsage } from './apply-usage.js';
import { checkCondition } from './check-condition.js';
import { listByBackend } from './list-by-backend.js';
import { listObjects } from './list-objects.js';
import { serializeJson } from './codec.js';
import { addCopy, removeCopy } from './object-copies.js';
import { loadObject, toCopyRows, toObjectRow } from './object-rows.js';
import type { RepoContext } from './repo-context.js';
import { archiveVersion, keepsDisplaced, removeNullHistory } from './version-history.js';

/**
 * {@link ObjectRepo} over kysely. Writes lock the current row (a no-op on SQLite, whose write
 * transaction already excludes other writers; `FOR UPDATE` on PostgreSQL), check the condition
 * against it, then change it. A concurrent writer of the same key waits for the lock and then
 * checks its own condition against the committed result, so of N `If-Match` writers on one ETag
 * exactly one wins and the others fail with `etag-mismatch`. An absent row cannot be locked: two
 * inserts of a new key race on the primary key instead, and the loser sees zero inserted rows.
 */
export class KyselyObjectRepo implements ObjectRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  get(bucket: string, key: string): Promise<ObjectRecord | undefined> {
    return loadObject(this.#ctx.db, bucket, key);
  }

  async put(
    record: ObjectRecord,
    condition?: ObjectCondition,
    options?: PutObjectRecordOptions,
  ): Promise<PutObjectRecordResult> {
    const { db, adapter } = this.#ctx;
    const mode = options?.versioning;
    // A versioned put moves the current version into the history: one key's version moves
    // happen one at a time. Unversioned puts keep to the current row's lock alone.
    if (mode !== undefined) await adapter.lockKey(db, record.bucket, record.key);
    for (let attempt = 1; ; attempt++) {
      const previous = await loadObject(db, record.bucket, record.key, adapter);
      checkCondition(previous, condition);
      const row = toObjectRow(record);
      if (previous === undefined) {
        const inserted = await db
          .insertInto('objects')
          .values(row)
          .onConflict((oc) => oc.columns(['bucket', 'key']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
          // A concurrent insert of this key committed first (the conflict check waited for it).
          // An unconditional write simply replaces it: read it again, now locked.
          if (condition === undefined && attempt < MAX_INSERT_ATTEMPTS) continue;
          lostRace(condition);
        }
      } else {
        const updated = await db
          .updateTable('objects')
          .set(row)
          .where('bucket', '=', record.bucket)
          .where('key', '=', record.key)
          .where('version_id', '=', previous.versionId)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) lostRace(condition);
        await db
          .deleteFrom('object_copies')
          .where('bucket', '=', record.bucket)
          .where('key', '=', record.key)
          .execute();
      }
      const copies = toCopyRows(record);
      if (copies.length > 0) await db.insertInto('object_copies').values(copies).execute();
      const discarded: ObjectRecord[] = [];
      if (previous !== undefined) {
        if (keepsDisplaced(previous, mode)) await archiveVersion(this.#ctx, previous);
        else discarded.push(previous);
      }
      // A new null version (versioning suspended) replaces the one the history may hold.
      if (mode !== undefined && record.versioned !== true)
        discarded.push(...(await removeNullHistory(this.#ctx, record.bucket, record.key)));
      await applyUsage(this.#ctx, record.bucket, discarded, [record]);
      return { previous, discarded };
    }
  }

  async delete(
    bucket: string,
    key: string,
    condition?: ObjectCondition,
  ): Promise<ObjectRecord | undefined> {
    const { db, adapter } = this.#ctx;
    const previous = await loadObject(db, bucket, key, adapter);
    checkCondition(previous, condition);
    if (previous === undefined) return undefined;
    if (!(await removeCurrentRow(this.#ctx, previous))) lostRace(condition);
    await applyUsage(this.#ctx, bucket, [previous], []);
    return previous;
  }

  list(bucket: string, query: ListObjectsQuery): Promise<ListObjectsPage> {
    return listObjects(this.#ctx, bucket, query);
  }

  async hasAny(bucket: string): Promise<boolean> {
    for (const table of ['objects', 'object_versions'] as const) {
      const row = await this.#ctx.db
        .selectFrom(table)
        .select('key')
        .where('bucket', '=', bucket)
        .limit(1)
        .executeTakeFirst();
      if (row !== undefined) return true;
    }
    return false;
  }

  async isBlobReferenced(backend: string, blob: string): Promise<boolean> {
    const row = await this.#ctx.db
      .selectFrom('object_copies')
      .select('key')
      .where('backend', '=', backend)
      .where('blob', '=', blob)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  addCopy(bucket: string, key: string, versionId: string, copy: ObjectCopy): Promise<boolean> {
    return addCopy(this.#ctx, bucket, key, versionId, copy);
  }

  removeCopy(
    bucket: string,
    key: string,
    versionId: string,
    backend: string,
  ): Promise<ObjectCopy | undefined> {
    return removeCopy(this.#ctx, bucket, key, versionId, backend);
  }

  listByBackend(backend: string, query: ListByBackendQuery): Promise<ObjectRecord[]> {
    return listByBackend(this.#ctx, backend, query);
  }

  async setTags(
    bucket: string,
    key: string,
    versionId: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<boolean> {
    const updated = await this.#ctx.db
      .updateTable('objects')
      .set({ tags: serializeJson(tags) })
      .where('bucket', '=', bucket)
      .where('key', '=', key)
      .where('version_id', '=', versionId)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  async setEncryption(
    bucket: string,
    key: string,
    versionId: string,
    encryption: ObjectEncryption,
  ): Promise<boolean> {
    const updated = await this.#ctx.db
      .updateTable('objects')
      .set({ encryption: serializeJson(encryption) })
      .where('bucket', '=', bucket)
      .where('key', '=', key)
      .where('version_id', '=', versionId)
      .where('encryption', 'is not', null)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }
}

/**
 * Deletes a key's current row and its copy rows, if its version is still `current.versionId`;
 * resolves false when another transaction changed it first. Usage is the caller's.
 */
export async function removeCurrentRow(ctx: RepoContext, current: ObjectRecord): Promise<boolean> {
  await ctx.db
    .deleteFrom('object_copies')
    .where('bucket', '=', current.bucket)
    .where('key', '=', current.key)
    .execute();
  const deleted = await ctx.db
    .deleteFrom('objects')
    .where('bucket', '=', current.bucket)
    .where('key', '=', current.key)
    .where('version_id', '=', current.versionId)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

/** An unconditional write retries a lost insert race this many times in all. */
const MAX_INSERT_ATTEMPTS = 3;

/**
 * Another transaction changed the row between our read and our write (only possible on a dialect
 * with concurrent writers, and only for a key that did not exist when we read it). A condition on the version it read has failed; anything else
 * (no condition, or an ETag that the new row may still match) is retryable.
 */
export function lostRace(condition: ObjectCondition | undefined): never {
  if (condition?.kind === 'absent') throw new ConditionFailedError('exists');
  if (condition?.kind === 'version') throw new ConditionFailedError('version-mismatch');
  throw new MetastoreBusyError('concurrent write to the same key; retry');
}
