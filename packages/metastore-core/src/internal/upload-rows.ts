import type { Selectable } from 'kysely';
import type { MultipartUploadsTable, UploadPartsTable } from '../database.js';
import type { MultipartUploadRow } from '../store.js';
import type { ObjectEncryption, UploadPart } from '../types.js';
import { jsonFieldOf, lockOf, optional, parseJson, tagsOf, toNumber } from './codec.js';

/** A `multipart_uploads` row as the domain type. */
export function toUploadRow(row: Selectable<MultipartUploadsTable>): MultipartUploadRow {
  return {
    uploadId: row.upload_id,
    bucket: row.bucket,
    key: row.key,
    owner: row.owner,
    initiatedAt: new Date(toNumber(row.initiated_at)),
    backend: row.backend,
    blob: row.blob,
    backendUploadId: row.backend_upload_id,
    headers: parseJson<Record<string, string>>(row.headers),
    userMetadata: parseJson<Record<string, string>>(row.user_metadata),
    storageClass: row.storage_class,
    checksumAlgorithm: optional(row.checksum_algorithm),
    checksumType: optional(row.checksum_type),
    state: row.state === 'completed' ? 'completed' : 'active',
    completedEtag: optional(row.completed_etag),
    completedVersionId: optional(row.completed_version_id),
    ...tagsOf(row.tags),
    ...jsonFieldOf<'encryption', ObjectEncryption>('encryption', row.encryption),
    ...lockOf(row.object_lock),
  };
}

/** An `upload_parts` row as the domain type. */
export function toUploadPart(row: Selectable<UploadPartsTable>): UploadPart {
  return {
    uploadId: row.upload_id,
    partNumber: toNumber(row.part_number),
    size: toNumber(row.size),
    etag: row.etag,
    token: row.token,
    lastModified: new Date(toNumber(row.last_modified)),
    checksums: parseJson<Record<string, string>>(row.checksums),
    ...(row.salt === null ? {} : { salt: row.salt }),
  };
}
