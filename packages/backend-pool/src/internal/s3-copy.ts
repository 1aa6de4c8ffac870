import { MAX_PART_SIZE, choosePartSize, isS3ClientError } from '@strata/s3-client';
import { BackendIoError, BlobNotFoundError } from '../errors.js';
import { toBackendError } from './s3-errors.js';
import { keyOf } from './s3-target.js';
import type { S3Target } from './s3-target.js';

/** CopyObject's limit: larger sources are copied with UploadPartCopy. */
export const MAX_SINGLE_COPY = MAX_PART_SIZE;
/** Part size of a multipart copy: server-side bytes cost no memory, so parts are large. */
export const COPY_PART_SIZE = 512 * 1024 * 1024;
const COPY_CONCURRENCY = 4;

/** How {@link copyBlob} copies (the limits are settable so tests can reach the multipart path). */
export interface CopyPlan {
  readonly signal: AbortSignal | undefined;
  /** Sources up to this size use one CopyObject. Default {@link MAX_SINGLE_COPY}. */
  readonly maxSingleCopy?: number;
  /** UploadPartCopy part size, grown to fit 10 000 parts. Default {@link COPY_PART_SIZE}. */
  readonly partSize?: number;
}

/**
 * Copies `source` to `dest` inside the bucket, server side. The source is headed first for its
 * size, which decides between CopyObject and UploadPartCopy and is what this resolves with (blobs
 * are immutable, so the size headed is the size copied). A failed multipart copy is aborted.
 *
 * @throws BlobNotFoundError when the source does not exist; typed backend errors otherwise.
 */
export async function copyBlob(
  target: S3Target,
  source: string,
  dest: string,
  plan: CopyPlan,
): Promise<{ size: number }> {
  const { client, bucket } = target;
  const ctx = { backend: target.name, bucket, op: 'copy', blob: source, signal: plan.signal };
  const signal = plan.signal === undefined ? {} : { signal: plan.signal };
  const sourceKey = keyOf(target, source);
  try {
    let size: number | undefined;
    try {
      size = (await client.headObject(bucket, sourceKey, signal)).contentLength;
    } catch (err) {
      // HEAD replies carry no body: a 404 is a missing key (or, alas, a missing bucket).
      if (isS3ClientError(err) && err.status === 404 && plan.signal?.aborted !== true) {
        throw new BlobNotFoundError(source, { backend: target.name, cause: err });
      }
      throw err;
    }
    if (size === undefined)
      throw new BackendIoError('HeadObject reply without Content-Length', { backend: target.name });
    const from = { bucket, key: sourceKey };
    if (size <= (plan.maxSingleCopy ?? MAX_SINGLE_COPY)) {
      await client.copyObject(from, bucket, keyOf(target, dest), signal);
    } else {
      await copyInParts(target, from, keyOf(target, dest), size, plan);
    }
    return { size };
  } catch (err) {
    throw toBackendError(err, ctx);
  }
}

async function copyInParts(
  target: S3Target,
  from: { bucket: string; key: string },
  destKey: string,
  size: number,
  plan: CopyPlan,
): Promise<void> {
  const { client, bucket } = target;
  const partSize = choosePartSize(plan.partSize ?? COPY_PART_SIZE, size);
  const count = Math.ceil(size / partSize);
  const signal = plan.signal === undefined ? {} : { signal: plan.signal };
  const { uploadId } = await client.createMultipartUpload(bucket, destKey, signal);
  // Cancels the parts still in flight once one failed, so none lands after the abort.
  const controller = new AbortController();
  const linked = plan.signal
    ? AbortSignal.any([plan.signal, controller.signal])
    : controller.signal;
  const etags: string[] = [];
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < count) {
      const i = next++;
      const range = { start: i * partSize, end: Math.min(size, (i + 1) * partSize) - 1 };
      try {
        const part = await client.uploadPartCopy(bucket, destKey, uploadId, i + 1, from, {
          range,
          signal: linked,
        });
        etags[i] = part.etag ?? '';
      } catch (error) {
        failure ??= { error };
        controller.abort(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(COPY_CONCURRENCY, count) }, worker));
  try {
    if (failure !== undefined) throw failure.error;
    const parts = etags.map((etag, i) => ({ partNumber: i + 1, etag }));
    await client.completeMultipartUpload(bucket, destKey, uploadId, parts, signal);
  } catch (err) {
    // Not bound to the caller's signal: a cancelled copy must still release its parts.
    await client.abortMultipartUpload(bucket, destKey, uploadId).catch(() => undefined);
    throw err;
  }
}
