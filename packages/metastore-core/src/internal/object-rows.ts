import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, ObjectCopiesTable, ObjectsTable } from '../database.js';
import type { DialectAdapter } from '../dialect-adapter.js';
import type { ObjectCopy, ObjectPart, ObjectRecord } from '../types.js';
import { optional, parseJson, serializeJson, toNumber } from './codec.js';

/**
 * Loads the current versions (with copies) of `keys` in one bucket, keyed by object key. With
 * `lockFor`, the `objects` rows are locked for update until the transaction ends (see
 * {@link DialectAdapter.lockRows}); copies are read after the lock, so they match the row.
 */
export async function loadObjects(
  db: Kysely<Database>,
  bucket: string,
  keys: readonly string[],
  lockFor?: DialectAdapter,
): Promise<Map<string, ObjectRecord>> {
  const records = new Map<string, ObjectRecord>();
  if (keys.length === 0) return records;
  const select = db
    .selectFrom('objects')
    .selectAll()
    .where('bucket', '=', bucket)
    .where('key', 'in', [...keys]);
  const rows = await (
    lockFor === undefined ? select : lockFor.lockRows(select, 'update')
  ).execute();
  const copies = await db
    .selectFrom('object_copies')
    .selectAll()
    .where('bucket', '=', bucket)
    .where('key', 'in', [...keys])
    .orderBy('key')
    .orderBy('position')
    .execute();
  const copiesByKey = new Map<string, Selectable<ObjectCopiesTable>[]>();
  for (const copy of copies) {
    const list = copiesByKey.get(copy.key) ?? [];
    list.push(copy);
    copiesByKey.set(copy.key, list);
  }
  for (const row of rows) records.set(row.key, toObjectRecord(row, copiesByKey.get(row.key) ?? []));
  return records;
}

/** Loads one key's current version, locking its row with `lockFor` (see {@link loadObjects}). */
export async function loadObject(
  db: Kysely<Database>,
  bucket: string,
  key: string,
  lockFor?: DialectAdapter,
): Promise<ObjectRecord | undefined> {
  return (await loadObjects(db, bucket, [key], lockFor)).get(key);
}

function toObjectRecord(
  row: Selectable<ObjectsTable>,
  copies: readonly Selectable<ObjectCopiesTable>[],
): ObjectRecord {
  return {
    bucket: row.bucket,
    key: row.key,
    versionId: row.version_id,
    size: toNumber(row.size),
    etag: row.etag,
    lastModified: new Date(toNumber(row.last_modified)),
    headers: parseJson<Record<string, string>>(row.headers),
    userMetadata: parseJson<Record<string, string>>(row.user_metadata),
    checksums: parseJson<Record<string, string>>(row.checksums),
    checksumType: optional(row.checksum_type),
    storageClass: row.storage_class,
    parts: parseJson<ObjectPart[]>(row.parts),
    copies: copies
      .filter((c) => c.version_id === row.version_id)
      .map((c): ObjectCopy => ({ backend: c.backend, blob: c.blob })),
  };
}

/** The `objects` row of a record. */
export function toObjectRow(record: ObjectRecord): Insertable<ObjectsTable> {
  return {
    bucket: record.bucket,
    key: record.key,
    version_id: record.versionId,
    size: record.size,
    etag: record.etag,
    last_modified: record.lastModified.getTime(),
    headers: serializeJson(record.headers),
    user_metadata: serializeJson(record.userMetadata),
    checksums: serializeJson(record.checksums),
    checksum_type: record.checksumType ?? null,
    storage_class: record.storageClass,
    parts: serializeJson(
      record.parts.map((p) => ({
        partNumber: p.partNumber,
        size: p.size,
        etag: p.etag,
        // Per-part checksums serve GetObjectAttributes' ObjectParts; absent for single PUTs.
        ...(p.checksums && Object.keys(p.checksums).length > 0 ? { checksums: p.checksums } : {}),
      })),
    ),
  };
}

/** The `object_copies` rows of a record. */
export function toCopyRows(record: ObjectRecord): Insertable<ObjectCopiesTable>[] {
  return record.copies.map((copy, position) => ({
    bucket: record.bucket,
    key: record.key,
    version_id: record.versionId,
    position,
    backend: copy.backend,
    blob: copy.blob,
  }));
}
