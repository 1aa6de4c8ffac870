import type {
  ListPartsPage,
  ListUploadsPage,
  ListUploadsQuery,
  MultipartUpload,
} from '@strata/metastore-core';
import type { LayerContext } from '../internal/context.js';
import { MAX_PAGE } from '../internal/limits.js';
import { requireBucket } from '../internal/load.js';
import { loadActiveUpload, type UploadRef } from './load-upload.js';

/** Input of {@link listParts}. */
export interface ListPartsInput extends UploadRef {
  readonly partNumberMarker?: number | undefined;
  /** Default and maximum 1000. */
  readonly maxParts?: number | undefined;
}

/** A page of parts plus the upload they belong to (for the response's owner, storage class, …). */
export interface ListPartsOutput extends ListPartsPage {
  readonly upload: MultipartUpload;
}

function clampPage(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return MAX_PAGE;
  return Math.max(0, Math.min(MAX_PAGE, Math.floor(value)));
}

/**
 * ListParts: parts after `partNumberMarker`, by part number, at most `maxParts` (≤ 1000).
 *
 * @throws S3Error NoSuchUpload, NoSuchBucket.
 */
export async function listParts(
  ctx: LayerContext,
  input: ListPartsInput,
): Promise<ListPartsOutput> {
  const upload = await loadActiveUpload(ctx.store, input);
  const page = await ctx.store.uploads.listParts(upload.uploadId, {
    maxParts: clampPage(input.maxParts),
    ...(input.partNumberMarker === undefined ? {} : { partNumberMarker: input.partNumberMarker }),
  });
  return { ...page, upload };
}

/**
 * ListMultipartUploads: the bucket's uploads in progress (`maxUploads` clamped to 1000).
 *
 * @throws S3Error NoSuchBucket.
 */
export async function listMultipartUploads(
  ctx: LayerContext,
  bucket: string,
  query: ListUploadsQuery,
): Promise<ListUploadsPage> {
  await requireBucket(ctx, bucket);
  return ctx.store.uploads.list(bucket, { ...query, maxUploads: clampPage(query.maxUploads) });
}
