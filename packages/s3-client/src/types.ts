import type { ChecksumAlgorithm } from '@strata/s3-xml';

/** Common per-call options. */
export interface CallOptions {
  /** Cancels the call, its retries and its backoff; the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Object metadata headers common to GET and HEAD replies. */
export interface ObjectHeaders {
  /** ETag without quotes. */
  etag: string | undefined;
  contentLength: number | undefined;
  contentType: string | undefined;
  lastModified: Date | undefined;
  versionId: string | undefined;
  /** `x-amz-meta-*` values by lower-case name without the prefix. */
  metadata: Record<string, string>;
  requestId: string | undefined;
}

/** A checksum to send with an upload (`x-amz-checksum-<algorithm>`), base64 as S3 wants it. */
export interface ChecksumValue {
  algorithm: ChecksumAlgorithm;
  value: string;
}
