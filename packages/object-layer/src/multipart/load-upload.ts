import type { MetaRepos, MultipartUploadRow } from '@strata/metastore-core';
import { noSuchBucket, noSuchUpload } from '../internal/s3-errors.js';

/** Identifies an upload the way a request does. */
export interface UploadRef {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
}

/**
 * An upload row (active or completed) that belongs to exactly this bucket and key: an upload id
 * used with another key is as unknown as a made-up one.
 *
 * @throws S3Error NoSuchUpload, or NoSuchBucket when the bucket itself is gone.
 */
export async function loadUploadRow(repos: MetaRepos, ref: UploadRef): Promise<MultipartUploadRow> {
  const row = await repos.uploads.get(ref.uploadId);
  if (row && row.bucket === ref.bucket && row.key === ref.key) return row;
  if (!(await repos.buckets.get(ref.bucket))) throw noSuchBucket(ref.bucket);
  throw noSuchUpload(ref.uploadId);
}

/**
 * Like {@link loadUploadRow}, but the upload must still be in progress.
 *
 * @throws S3Error NoSuchUpload (also for a completed upload), NoSuchBucket.
 */
export async function loadActiveUpload(
  repos: MetaRepos,
  ref: UploadRef,
): Promise<MultipartUploadRow> {
  const row = await loadUploadRow(repos, ref);
  if (row.state !== 'active') throw noSuchUpload(ref.uploadId);
  return row;
}
