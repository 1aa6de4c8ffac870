import type { Insertable, Selectable } from 'kysely';
import type { ObjectVersionsTable } from '../database.js';
import type { DeleteMarker, ObjectCopy, ObjectRecord, ObjectVersion } from '../types.js';
import { parseJson, serializeJson, toNumber } from './codec.js';
import { toObjectRecord, toObjectRow } from './object-rows.js';

/** A history row as read. */
export type VersionRow = Selectable<ObjectVersionsTable>;

/** The history row of an object version displaced from current, at `seq`. */
export function toVersionRow(record: ObjectRecord, seq: number): Insertable<ObjectVersionsTable> {
  return {
    ...toObjectRow(record),
    seq,
    versioned: record.versioned === true ? 1 : 0,
    delete_marker: 0,
    owner: null,
    copies: serializeJson(
      record.copies.map((c): ObjectCopy => ({ backend: c.backend, blob: c.blob })),
    ),
  };
}

/** The history row of a delete marker, at `seq`: the object columns hold neutral values. */
export function toMarkerRow(marker: DeleteMarker, seq: number): Insertable<ObjectVersionsTable> {
  return {
    bucket: marker.bucket,
    key: marker.key,
    seq,
    version_id: marker.versionId,
    versioned: marker.versioned === true ? 1 : 0,
    delete_marker: 1,
    owner: marker.owner,
    size: 0,
    etag: '',
    last_modified: marker.lastModified.getTime(),
    headers: '{}',
    user_metadata: '{}',
    checksums: '{}',
    checksum_type: null,
    storage_class: 'STANDARD',
    parts: '[]',
    tags: '{}',
    encryption: null,
    object_lock: null,
    copies: '[]',
  };
}

/** The object version a (non-marker) history row holds. */
export function toHistoryRecord(row: VersionRow): ObjectRecord {
  return { ...toObjectRecord(row, []), copies: parseJson<ObjectCopy[]>(row.copies) };
}

/** The delete marker a marker row holds. */
export function toMarker(row: VersionRow): DeleteMarker {
  return {
    bucket: row.bucket,
    key: row.key,
    versionId: row.version_id,
    ...(toNumber(row.versioned) === 1 ? { versioned: true } : {}),
    lastModified: new Date(toNumber(row.last_modified)),
    owner: row.owner ?? '',
  };
}

/** A history row as an {@link ObjectVersion}. */
export function toHistoryVersion(row: VersionRow, isLatest: boolean): ObjectVersion {
  return toNumber(row.delete_marker) === 1
    ? { kind: 'marker', marker: toMarker(row), isLatest }
    : { kind: 'object', record: toHistoryRecord(row), isLatest };
}
