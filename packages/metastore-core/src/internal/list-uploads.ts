import type { Selectable } from 'kysely';
import type { MultipartUploadsTable } from '../database.js';
import type { ListUploadsPage, ListUploadsQuery } from '../store.js';
import type { MultipartUpload } from '../types.js';
import { prefixSuccessor } from './key-order.js';
import type { RepoContext } from './repo-context.js';
import { seekList, startBound } from './seek-list.js';
import type { SeekBound } from './seek-list.js';
import { toUploadRow } from './upload-rows.js';

/** S3 caps ListMultipartUploads at 1000 entries. */
const MAX_UPLOADS = 1000;

/** Position of an upload after its key: initiation time (when known), then upload id. */
interface UploadTie {
  readonly initiatedAt?: number | undefined;
  readonly uploadId: string;
}

/**
 * One page of ListMultipartUploads: active uploads in (key, initiated, uploadId) order, grouped
 * by delimiter. Following S3, `keyMarker` alone lists keys after it; with `uploadIdMarker` the
 * marker key's uploads after that upload are included too.
 */
export async function listUploads(
  ctx: RepoContext,
  bucket: string,
  query: ListUploadsQuery,
): Promise<ListUploadsPage> {
  const maxUploads = Math.min(Math.max(0, Math.floor(query.maxUploads)), MAX_UPLOADS);
  if (maxUploads === 0) return { uploads: [], commonPrefixes: [], isTruncated: false };
  const prefix = query.prefix ?? '';
  const upper = prefix === '' ? undefined : prefixSuccessor(prefix);
  const tie = await markerTie(ctx, query);
  const { entries, isTruncated } = await seekList<Selectable<MultipartUploadsTable>, UploadTie>({
    prefix,
    delimiter: query.delimiter,
    maxEntries: maxUploads,
    start: startBound(prefix, query.delimiter, query.keyMarker, tie),
    keyOf: (row) => row.key,
    boundAfter: (row) => ({
      key: row.key,
      inclusive: false,
      after: { initiatedAt: Number(row.initiated_at), uploadId: row.upload_id },
    }),
    fetch: (bound: SeekBound<UploadTie>, limit: number) => {
      let scan = ctx.db
        .selectFrom('multipart_uploads')
        .selectAll()
        .where('bucket', '=', bucket)
        .where('state', '=', 'active');
      const after = bound.after;
      if (after === undefined) {
        scan = scan.where('key', bound.inclusive ? '>=' : '>', bound.key);
      } else {
        scan = scan.where((eb) =>
          eb.or([
            eb('key', '>', bound.key),
            eb.and([
              eb('key', '=', bound.key),
              after.initiatedAt === undefined
                ? eb('upload_id', '>', after.uploadId)
                : eb.or([
                    eb('initiated_at', '>', after.initiatedAt),
                    eb.and([
                      eb('initiated_at', '=', after.initiatedAt),
                      eb('upload_id', '>', after.uploadId),
                    ]),
                  ]),
            ]),
          ]),
        );
      }
      if (upper !== undefined) scan = scan.where('key', '<', upper);
      return scan
        .orderBy('key')
        .orderBy('initiated_at')
        .orderBy('upload_id')
        .limit(limit)
        .execute();
    },
  });
  const uploads: MultipartUpload[] = [];
  const commonPrefixes: string[] = [];
  for (const entry of entries) {
    if (entry.prefix === undefined) uploads.push(stripState(toUploadRow(entry.row)));
    else commonPrefixes.push(entry.prefix);
  }
  const last = entries.at(-1);
  return {
    uploads,
    commonPrefixes,
    isTruncated,
    nextKeyMarker: last === undefined ? undefined : (last.prefix ?? last.row.key),
    nextUploadIdMarker:
      last === undefined || last.prefix !== undefined ? undefined : last.row.upload_id,
  };
}

/** Where the marker upload sits among its key's uploads; by id alone when it no longer exists. */
async function markerTie(
  ctx: RepoContext,
  query: ListUploadsQuery,
): Promise<UploadTie | undefined> {
  const { keyMarker, uploadIdMarker } = query;
  // S3 ignores upload-id-marker without key-marker.
  if (
    keyMarker === undefined ||
    keyMarker === '' ||
    uploadIdMarker === undefined ||
    uploadIdMarker === ''
  ) {
    return undefined;
  }
  const row = await ctx.db
    .selectFrom('multipart_uploads')
    .select('initiated_at')
    .where('upload_id', '=', uploadIdMarker)
    .where('key', '=', keyMarker)
    .executeTakeFirst();
  return {
    initiatedAt: row === undefined ? undefined : Number(row.initiated_at),
    uploadId: uploadIdMarker,
  };
}

function stripState(row: ReturnType<typeof toUploadRow>): MultipartUpload {
  const { state: _state, completedEtag: _etag, completedVersionId: _version, ...upload } = row;
  return upload;
}
