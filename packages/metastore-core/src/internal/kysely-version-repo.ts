import { ConditionFailedError, ObjectLockedError } from '../errors.js';
import { protectionOf } from '../object-lock.js';
import type {
  DeleteVersionOptions,
  DeleteVersionResult,
  HistoryByBackendPage,
  HistoryByBackendQuery,
  MarkDeletedResult,
  VersioningMode,
  VersionRepo,
} from '../version-repo.js';
import type {
  DeleteMarker,
  ListVersionsPage,
  ListVersionsQuery,
  ObjectCondition,
  ObjectCopy,
  ObjectEncryption,
  ObjectLock,
  ObjectRecord,
  ObjectVersion,
} from '../types.js';
import { s3VersionIdOf } from '../types.js';
import { applyUsage } from './apply-usage.js';
import { checkCondition } from './check-condition.js';
import { lockColumn, lockOf, serializeJson, toNumber } from './codec.js';
import { lostRace, removeCurrentRow } from './kysely-object-repo.js';
import { addCopy, removeCopy } from './object-copies.js';
import { listVersions } from './list-versions.js';
import { loadObject, toCopyRows, toObjectRow } from './object-rows.js';
import type { RepoContext } from './repo-context.js';
import {
  appendMarker,
  archiveVersion,
  findHistory,
  keepsDisplaced,
  newestHistory,
  removeHistoryRow,
  removeNullHistory,
} from './version-history.js';
import { toHistoryRecord, toHistoryVersion, type VersionRow } from './version-rows.js';
import { addHistoryCopy, listHistoryByBackend, removeHistoryCopy } from './history-copies.js';

/**
 * {@link VersionRepo} over kysely. Every change locks the key's current row first, as
 * `ObjectRepo.put` does, so versioned writes and deletes of one key serialize on it; a key
 * without a current row serializes on the history's primary key instead (see
 * `appendHistory`).
 */
export class KyselyVersionRepo implements VersionRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  async get(bucket: string, key: string, versionId: string): Promise<ObjectVersion | undefined> {
    const current = await loadObject(this.#ctx.db, bucket, key);
    if (current !== undefined && s3VersionIdOf(current) === versionId)
      return { kind: 'object', record: current, isLatest: true };
    return this.#historyVersion(await findHistory(this.#ctx, bucket, key, versionId), current);
  }

  async latest(bucket: string, key: string): Promise<ObjectVersion | undefined> {
    const current = await loadObject(this.#ctx.db, bucket, key);
    if (current !== undefined) return { kind: 'object', record: current, isLatest: true };
    const newest = await newestHistory(this.#ctx, bucket, key);
    // Without a current row the newest entry is a marker; an object there is mid-promotion.
    return newest !== undefined && toNumber(newest.delete_marker) === 1
      ? toHistoryVersion(newest, true)
      : undefined;
  }

  async markDeleted(
    marker: DeleteMarker,
    mode: VersioningMode,
    condition?: ObjectCondition,
  ): Promise<MarkDeletedResult> {
    const ctx = this.#ctx;
    await ctx.adapter.lockKey(ctx.db, marker.bucket, marker.key);
    const current = await loadObject(ctx.db, marker.bucket, marker.key, ctx.adapter);
    checkCondition(current, condition);
    const discarded: ObjectRecord[] = [];
    if (current !== undefined) {
      if (!(await removeCurrentRow(ctx, current))) lostRace(condition);
      if (keepsDisplaced(current, mode)) await archiveVersion(ctx, current);
      else discarded.push(current);
    }
    if (marker.versioned !== true)
      discarded.push(...(await removeNullHistory(ctx, marker.bucket, marker.key)));
    await appendMarker(ctx, marker);
    await applyUsage(ctx, marker.bucket, discarded, []);
    return { marker, discarded };
  }

  async deleteVersion(
    bucket: string,
    key: string,
    versionId: string,
    options: DeleteVersionOptions = {},
  ): Promise<DeleteVersionResult | undefined> {
    const ctx = this.#ctx;
    const now = options.now ?? new Date();
    const bypass = options.bypassGovernance === true;
    const assertUnlocked = (lock: ObjectLock | undefined): void => {
      const reason = protectionOf(lock, now, bypass);
      if (reason !== undefined) throw new ObjectLockedError(reason);
    };
    // Two deletes of one key's versions (the current one, whose removal promotes the newest in
    // the history, and that newest one) must not both act on what they read.
    await ctx.adapter.lockKey(ctx.db, bucket, key);
    const current = await loadObject(ctx.db, bucket, key, ctx.adapter);
    if (options.expectedLatest !== undefined) {
      const latest = current?.versionId ?? (await newestHistory(ctx, bucket, key))?.version_id;
      if (latest !== options.expectedLatest) throw new ConditionFailedError('version-mismatch');
    }
    let removed: ObjectVersion;
    if (current !== undefined && s3VersionIdOf(current) === versionId) {
      assertUnlocked(current.lock);
      if (!(await removeCurrentRow(ctx, current))) lostRace(undefined);
      removed = { kind: 'object', record: current, isLatest: true };
    } else {
      const row = await findHistory(ctx, bucket, key, versionId);
      if (row === undefined) return undefined;
      assertUnlocked(lockOf(row.object_lock).lock);
      const newest = current === undefined ? await newestHistory(ctx, bucket, key) : undefined;
      await removeHistoryRow(ctx, row);
      removed = toHistoryVersion(
        row,
        newest !== undefined && toNumber(newest.seq) === toNumber(row.seq),
      );
    }
    if (removed.kind === 'object') await applyUsage(ctx, bucket, [removed.record], []);
    const promoted = removed.isLatest ? await this.#promoteNewest(bucket, key) : undefined;
    return { removed, promoted };
  }

  list(bucket: string, query: ListVersionsQuery): Promise<ListVersionsPage> {
    return listVersions(this.#ctx, bucket, query);
  }

  async setTags(
    bucket: string,
    key: string,
    writeId: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<boolean> {
    const updated = await this.#ctx.db
      .updateTable('object_versions')
      .set({ tags: serializeJson(tags) })
      .where('bucket', '=', bucket)
      .where('key', '=', key)
      .where('version_id', '=', writeId)
      .where('delete_marker', '=', 0)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  async addCopy(bucket: string, key: string, writeId: string, copy: ObjectCopy): Promise<boolean> {
    // One key lock around both tables: a version promoted or displaced meanwhile is found where
    // it is now, never missed between the two.
    await this.#ctx.adapter.lockKey(this.#ctx.db, bucket, key);
    return (
      (await addCopy(this.#ctx, bucket, key, writeId, copy)) ||
      addHistoryCopy(this.#ctx, bucket, key, writeId, copy)
    );
  }

  async removeCopy(
    bucket: string,
    key: string,
    writeId: string,
    backend: string,
  ): Promise<ObjectCopy | undefined> {
    await this.#ctx.adapter.lockKey(this.#ctx.db, bucket, key);
    return (
      (await removeCopy(this.#ctx, bucket, key, writeId, backend)) ??
      removeHistoryCopy(this.#ctx, bucket, key, writeId, backend)
    );
  }

  listByBackend(backend: string, query: HistoryByBackendQuery): Promise<HistoryByBackendPage> {
    return listHistoryByBackend(this.#ctx, backend, query);
  }

  async byWriteId(
    bucket: string,
    key: string,
    writeId: string,
  ): Promise<ObjectVersion | undefined> {
    const current = await loadObject(this.#ctx.db, bucket, key);
    if (current?.versionId === writeId) return { kind: 'object', record: current, isLatest: true };
    const row = await this.#ctx.db
      .selectFrom('object_versions')
      .selectAll()
      .where('bucket', '=', bucket)
      .where('key', '=', key)
      .where('version_id', '=', writeId)
      .executeTakeFirst();
    return this.#historyVersion(row, current);
  }

  /** A history row as a version: latest only when there is no current object and it is newest. */
  async #historyVersion(
    row: VersionRow | undefined,
    current: ObjectRecord | undefined,
  ): Promise<ObjectVersion | undefined> {
    if (row === undefined) return undefined;
    const newest =
      current === undefined ? await newestHistory(this.#ctx, row.bucket, row.key) : undefined;
    return toHistoryVersion(
      row,
      newest !== undefined && toNumber(newest.seq) === toNumber(row.seq),
    );
  }

  async setEncryption(
    bucket: string,
    key: string,
    writeId: string,
    encryption: ObjectEncryption,
  ): Promise<boolean> {
    const ctx = this.#ctx;
    // Serialized with the key's version changes: a version promoted back to current meanwhile
    // is updated where it is, never missed between the two tables.
    await ctx.adapter.lockKey(ctx.db, bucket, key);
    const update = async (table: 'objects' | 'object_versions') => {
      const updated = await ctx.db
        .updateTable(table)
        .set({ encryption: serializeJson(encryption) })
        .where('bucket', '=', bucket)
        .where('key', '=', key)
        .where('version_id', '=', writeId)
        .where('encryption', 'is not', null)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) > 0;
    };
    return (await update('objects')) || update('object_versions');
  }

  async setLock(
    bucket: string,
    key: string,
    writeId: string,
    lock: ObjectLock | undefined,
    options?: { readonly expected: ObjectLock | undefined },
  ): Promise<boolean> {
    const { db, adapter } = this.#ctx;
    // Serialized with deleteVersion, which checks the lock under the same key lock: a hold
    // confirmed here is never missed by a delete that started first and commits later.
    await adapter.lockKey(db, bucket, key);
    const object_lock = lockColumn(lock);
    const expected = options === undefined ? undefined : lockColumn(options.expected);
    const update = async (table: 'objects' | 'object_versions') => {
      let query = db
        .updateTable(table)
        .set({ object_lock })
        .where('bucket', '=', bucket)
        .where('key', '=', key)
        .where('version_id', '=', writeId);
      if (table === 'object_versions') query = query.where('delete_marker', '=', 0);
      if (options !== undefined) {
        query =
          expected === null
            ? query.where('object_lock', 'is', null)
            : query.where('object_lock', '=', expected ?? null);
      }
      return Number((await query.executeTakeFirst()).numUpdatedRows) > 0;
    };
    return (await update('objects')) || update('object_versions');
  }

  /**
   * After the latest version was removed: the newest history entry becomes the latest. An object
   * version moves back into `objects` (with its copies, its usage already counted); a marker
   * stays where it is, latest as it is.
   */
  async #promoteNewest(bucket: string, key: string): Promise<ObjectRecord | undefined> {
    const ctx = this.#ctx;
    const newest = await newestHistory(ctx, bucket, key);
    if (newest === undefined || toNumber(newest.delete_marker) === 1) return undefined;
    const record = toHistoryRecord(newest);
    await removeHistoryRow(ctx, newest);
    const inserted = await ctx.db
      .insertInto('objects')
      .values(toObjectRow(record))
      .onConflict((oc) => oc.columns(['bucket', 'key']).doNothing())
      .executeTakeFirst();
    // A concurrent write made a new current version first (nothing was locked to stop it).
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) lostRace(undefined);
    const copies = toCopyRows(record);
    if (copies.length > 0) await ctx.db.insertInto('object_copies').values(copies).execute();
    return record;
  }
}
