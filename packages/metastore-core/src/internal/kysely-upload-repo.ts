import { MetastoreNotFoundError } from '../errors.js';
import type {
  ListPartsPage,
  ListUploadsPage,
  ListUploadsQuery,
  MultipartUploadRow,
  UploadRepo,
} from '../store.js';
import type { MultipartUpload, UploadPart } from '../types.js';
import { jsonColumn, lockColumn, serializeJson, toNumber } from './codec.js';
import { KyselyCleanupRepo } from './kysely-cleanup-repo.js';
import { listUploads } from './list-uploads.js';
import type { RepoContext } from './repo-context.js';
import { toUploadPart, toUploadRow } from './upload-rows.js';

/** S3 caps ListParts at 1000 parts. */
const MAX_PARTS = 1000;

/** {@link UploadRepo} over kysely. */
export class KyselyUploadRepo implements UploadRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  async create(upload: MultipartUpload): Promise<void> {
    await this.#ctx.db
      .insertInto('multipart_uploads')
      .values({
        upload_id: upload.uploadId,
        bucket: upload.bucket,
        key: upload.key,
        owner: upload.owner,
        initiated_at: upload.initiatedAt.getTime(),
        backend: upload.backend,
        blob: upload.blob,
        backend_upload_id: upload.backendUploadId,
        headers: serializeJson(upload.headers),
        user_metadata: serializeJson(upload.userMetadata),
        storage_class: upload.storageClass,
        checksum_algorithm: upload.checksumAlgorithm ?? null,
        checksum_type: upload.checksumType ?? null,
        state: 'active',
        completed_etag: null,
        completed_version_id: null,
        completed_at: null,
        tags: serializeJson(upload.tags ?? {}),
        encryption: jsonColumn(upload.encryption),
        object_lock: lockColumn(upload.lock),
      })
      .execute();
  }

  async get(uploadId: string): Promise<MultipartUploadRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('multipart_uploads')
      .selectAll()
      .where('upload_id', '=', uploadId)
      .executeTakeFirst();
    return row === undefined ? undefined : toUploadRow(row);
  }

  /**
   * Throws {@link MetastoreNotFoundError} when the upload is not active (completed or aborted
   * meanwhile). The upload row is share-locked, so parts of one upload are recorded in parallel
   * but never after a concurrent Complete or retire has dropped the parts.
   */
  async putPart(part: UploadPart): Promise<UploadPart | undefined> {
    const { db, adapter } = this.#ctx;
    const upload = await adapter
      .lockRows(
        db.selectFrom('multipart_uploads').select('state').where('upload_id', '=', part.uploadId),
        'share',
      )
      .executeTakeFirst();
    if (upload?.state !== 'active') throw new MetastoreNotFoundError('upload', part.uploadId);
    const previous = await db
      .selectFrom('upload_parts')
      .selectAll()
      .where('upload_id', '=', part.uploadId)
      .where('part_number', '=', part.partNumber)
      .executeTakeFirst();
    const row = {
      size: part.size,
      etag: part.etag,
      token: part.token,
      last_modified: part.lastModified.getTime(),
      checksums: serializeJson(part.checksums),
      salt: part.salt ?? null,
    };
    await db
      .insertInto('upload_parts')
      .values({ upload_id: part.uploadId, part_number: part.partNumber, ...row })
      .onConflict((oc) => oc.columns(['upload_id', 'part_number']).doUpdateSet(row))
      .execute();
    return previous === undefined ? undefined : toUploadPart(previous);
  }

  async parts(uploadId: string): Promise<UploadPart[]> {
    const rows = await this.#ctx.db
      .selectFrom('upload_parts')
      .selectAll()
      .where('upload_id', '=', uploadId)
      .orderBy('part_number')
      .execute();
    return rows.map(toUploadPart);
  }

  async listParts(
    uploadId: string,
    query: { partNumberMarker?: number; maxParts: number },
  ): Promise<ListPartsPage> {
    const maxParts = Math.min(Math.max(0, Math.floor(query.maxParts)), MAX_PARTS);
    if (maxParts === 0) return { parts: [], isTruncated: false };
    const rows = await this.#ctx.db
      .selectFrom('upload_parts')
      .selectAll()
      .where('upload_id', '=', uploadId)
      .where('part_number', '>', query.partNumberMarker ?? 0)
      .orderBy('part_number')
      .limit(maxParts + 1)
      .execute();
    const parts = rows.slice(0, maxParts).map(toUploadPart);
    const isTruncated = rows.length > maxParts;
    return { parts, isTruncated, nextPartNumberMarker: parts.at(-1)?.partNumber };
  }

  list(bucket: string, query: ListUploadsQuery): Promise<ListUploadsPage> {
    return listUploads(this.#ctx, bucket, query);
  }

  /** Throws {@link MetastoreNotFoundError} when the upload is not active. */
  async markCompleted(
    uploadId: string,
    result: { etag: string; versionId: string },
  ): Promise<void> {
    const { db } = this.#ctx;
    const updated = await db
      .updateTable('multipart_uploads')
      .set({
        state: 'completed',
        completed_etag: result.etag,
        completed_version_id: result.versionId,
        completed_at: this.#ctx.now(),
      })
      .where('upload_id', '=', uploadId)
      .where('state', '=', 'active')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new MetastoreNotFoundError('upload', uploadId);
    await db.deleteFrom('upload_parts').where('upload_id', '=', uploadId).execute();
  }

  async delete(uploadId: string): Promise<boolean> {
    const { db } = this.#ctx;
    await db.deleteFrom('upload_parts').where('upload_id', '=', uploadId).execute();
    const result = await db
      .deleteFrom('multipart_uploads')
      .where('upload_id', '=', uploadId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async retire(uploadId: string, reason: string): Promise<MultipartUploadRow | undefined> {
    const { db, adapter } = this.#ctx;
    // Locked: of concurrent retires (or a retire and a Complete) one goes first, and the others
    // then find the row gone or completed, so the upload's bytes are queued for cleanup once.
    const row = await adapter
      .lockRows(
        db.selectFrom('multipart_uploads').selectAll().where('upload_id', '=', uploadId),
        'update',
      )
      .executeTakeFirst();
    if (row?.state !== 'active') return undefined;
    const { size } = await db
      .selectFrom('upload_parts')
      .select((eb) => eb.fn.sum<number | string | null>('size').as('size'))
      .where('upload_id', '=', uploadId)
      .executeTakeFirstOrThrow();
    // Same connection, so the job commits (or rolls back) with the row's removal.
    await new KyselyCleanupRepo(this.#ctx).enqueue({
      backend: row.backend,
      blob: row.blob,
      size: toNumber(size), // SUM of no rows is NULL: 0 bytes
      reason,
      backendUploadId: row.backend_upload_id,
    });
    await this.delete(uploadId);
    return toUploadRow(row);
  }

  async listAbandoned(initiatedBefore: Date, limit: number): Promise<MultipartUploadRow[]> {
    const rows = await this.#ctx.db
      .selectFrom('multipart_uploads')
      .selectAll()
      .where('state', '=', 'active')
      .where('initiated_at', '<', initiatedBefore.getTime())
      .orderBy('initiated_at')
      .orderBy('upload_id')
      .limit(Math.max(0, limit))
      .execute();
    return rows.map(toUploadRow);
  }

  async listCompleted(completedBefore: Date, limit: number): Promise<MultipartUploadRow[]> {
    const rows = await this.#ctx.db
      .selectFrom('multipart_uploads')
      .selectAll()
      .where('state', '=', 'completed')
      .where('completed_at', '<', completedBefore.getTime())
      .orderBy('completed_at')
      .orderBy('upload_id')
      .limit(Math.max(0, limit))
      .execute();
    return rows.map(toUploadRow);
  }

  async hasBackendUpload(backend: string, backendUploadId: string): Promise<boolean> {
    const row = await this.#ctx.db
      .selectFrom('multipart_uploads')
      .select('upload_id')
      .where('backend', '=', backend)
      .where('backend_upload_id', '=', backendUploadId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}
