import type { CompletedPartEntry } from '@strata/s3-client';
import type { PartRange } from '../part-size.js';
import type { EngineContext } from './engine-context.js';
import { isMd5Etag, md5Range } from './md5-etag.js';
import { runRequest } from './run-request.js';

/** An earlier multipart upload of the key to go on with, and its parts that match the file. */
export interface ResumableUpload {
  readonly uploadId: string;
  /** Parts already on the server with this file's bytes, by part number. */
  readonly done: ReadonlyMap<number, CompletedPartEntry>;
}

/**
 * The newest multipart upload in progress for exactly `key`, and which of its parts hold the
 * same bytes as the file would under `plan`: same size, and an ETag equal to the MD5 of that
 * range of the file (read from disk, never trusted from a name or a size). A part that differs
 * is sent again under its number, which replaces it; parts beyond the plan are left out of
 * Complete, which drops them. Undefined when no upload of the key is in progress.
 */
export async function findResumableUpload(
  ctx: EngineContext,
  target: { path: string; bucket: string; key: string; signal?: AbortSignal | undefined },
  plan: readonly PartRange[],
): Promise<ResumableUpload | undefined> {
  const { path, bucket, key, signal } = target;
  const uploadId = await newestUpload(ctx, bucket, key, signal);
  if (uploadId === undefined) return undefined;
  const done = new Map<number, CompletedPartEntry>();
  let marker: number | undefined;
  do {
    const page = await runRequest(ctx, {
      operation: 'ListParts',
      bucket,
      key,
      bytes: 0,
      signal,
      run: (s) =>
        ctx.client.listParts(bucket, key, uploadId, {
          ...(marker === undefined ? {} : { partNumberMarker: marker }),
          signal: s,
        }),
    });
    for (const part of page.parts) {
      const planned = plan[part.partNumber - 1];
      if (planned === undefined || planned.length !== part.size || !isMd5Etag(part.etag)) continue;
      const md5 = (await md5Range(path, planned.start, planned.length)).toString('hex');
      if (md5 === part.etag)
        done.set(part.partNumber, { partNumber: part.partNumber, etag: part.etag });
    }
    marker = page.isTruncated ? page.nextPartNumberMarker : undefined;
  } while (marker !== undefined);
  return { uploadId, done };
}

/** The id of the newest upload in progress for exactly `key`, if any. */
async function newestUpload(
  ctx: EngineContext,
  bucket: string,
  key: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  let newest: { uploadId: string; initiated: number } | undefined;
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  for (;;) {
    const page = await runRequest(ctx, {
      operation: 'ListMultipartUploads',
      bucket,
      key,
      bytes: 0,
      signal,
      run: (s) =>
        ctx.client.listMultipartUploads(bucket, {
          prefix: key,
          ...(keyMarker === undefined ? {} : { keyMarker }),
          ...(uploadIdMarker === undefined ? {} : { uploadIdMarker }),
          signal: s,
        }),
    });
    for (const upload of page.uploads) {
      if (upload.key !== key) continue;
      const initiated = upload.initiated?.getTime() ?? 0;
      if (newest === undefined || initiated >= newest.initiated) {
        newest = { uploadId: upload.uploadId, initiated };
      }
    }
    // Uploads are listed by key: once past this key, no later page has it.
    const past = page.uploads.some((u) => u.key > key);
    if (!page.isTruncated || past) return newest?.uploadId;
    keyMarker = page.nextKeyMarker;
    uploadIdMarker = page.nextUploadIdMarker;
  }
}
