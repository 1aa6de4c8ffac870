import type { Readable } from 'node:stream';
import { MAX_PARTS, isS3ClientError } from '@strata/s3-client';
import { BackendIoError, BodyStreamError, InvalidPartError } from '../errors.js';
import type { BackendPart } from '../object-backend.js';
import { meterBody } from './s3-metered-body.js';
import { toBackendError } from './s3-errors.js';
import { keyOf } from './s3-target.js';
import type { S3Target } from './s3-target.js';

/** One call on an upload: which, and its signal. */
export interface UploadCall {
  readonly blob: string;
  readonly uploadId: string;
  readonly signal: AbortSignal | undefined;
}

function context(target: S3Target, op: string, call: UploadCall) {
  const { blob, uploadId, signal } = call;
  return { backend: target.name, bucket: target.bucket, op, blob, uploadId, signal };
}

/** UploadPart's bound (1 to 10 000), checked here like the fs driver does. */
export function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
    throw new RangeError(`part number must be an integer from 1 to ${MAX_PARTS}`);
  }
}

/**
 * Streams one part (UploadPart). The token is the part's ETag: S3 gives a re-uploaded part a new
 * one when its bytes differ, so completing with a stale token fails with `InvalidPart`.
 * Without `size` the part goes out chunked, which AWS refuses (`MissingContentLength`).
 */
export async function uploadPartTo(
  target: S3Target,
  call: UploadCall,
  partNumber: number,
  body: Readable,
  size: number | undefined,
): Promise<{ size: number; token: string }> {
  const metered = meterBody(body, size);
  try {
    const { etag } = await target.client.uploadPart(
      target.bucket,
      keyOf(target, call.blob),
      call.uploadId,
      partNumber,
      metered.stream,
      {
        ...(size === undefined ? {} : { contentLength: size }),
        ...(call.signal === undefined ? {} : { signal: call.signal }),
      },
    );
    if (etag === '')
      throw new BackendIoError('UploadPart reply without an ETag', { backend: target.name });
    return { size: metered.bytes(), token: etag };
  } catch (err) {
    body.destroy();
    const failure = metered.bodyFailure();
    if (failure !== undefined && call.signal?.aborted !== true) {
      throw new BodyStreamError(failure.error, { backend: target.name });
    }
    throw toBackendError(err, context(target, 'uploadPart', call));
  }
}

/**
 * CompleteMultipartUpload. S3 assembles parts in ascending part number order only (and the
 * client sorts them), so a list in any other order is refused here rather than silently
 * assembled differently from what the caller asked for.
 */
export async function completeUpload(
  target: S3Target,
  call: UploadCall,
  parts: readonly BackendPart[],
): Promise<void> {
  const ctx = context(target, 'completeMultipart', call);
  if (parts.length === 0) {
    throw new InvalidPartError(0, 'S3 needs at least one part', { backend: target.name });
  }
  let previous = 0;
  for (const { partNumber } of parts) {
    if (partNumber <= previous) {
      const reason = 'S3 assembles parts in ascending part number order only';
      throw new InvalidPartError(partNumber, reason, { backend: target.name });
    }
    previous = partNumber;
  }
  const entries = parts.map((p) => ({ partNumber: p.partNumber, etag: p.token }));
  try {
    const signal = call.signal === undefined ? {} : { signal: call.signal };
    const key = keyOf(target, call.blob);
    await target.client.completeMultipartUpload(target.bucket, key, call.uploadId, entries, signal);
  } catch (err) {
    throw toBackendError(err, ctx);
  }
}

/** AbortMultipartUpload; an upload that is gone already (`NoSuchUpload`) counts as aborted. */
export async function abortUpload(target: S3Target, call: UploadCall): Promise<void> {
  try {
    const signal = call.signal === undefined ? {} : { signal: call.signal };
    const key = keyOf(target, call.blob);
    await target.client.abortMultipartUpload(target.bucket, key, call.uploadId, signal);
  } catch (err) {
    if (isS3ClientError(err, 'NoSuchUpload') && call.signal?.aborted !== true) return;
    throw toBackendError(err, context(target, 'abortMultipart', call));
  }
}
