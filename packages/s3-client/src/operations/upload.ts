import type { Readable } from 'node:stream';
import { MultipartAbortGuard } from '../internal/abort-guard.js';
import type { ClientContext } from '../internal/client-context.js';
import { createPartSource, type OutgoingPart, type PartSource } from '../internal/part-source.js';
import { planTransfer, type TransferPlan } from '../internal/transfer-plan.js';
import { uploadParts } from '../internal/upload-parts.js';
import { MAX_PARTS } from '../part-size.js';
import type { CallOptions } from '../types.js';
import { completeMultipartUpload, createMultipartUpload } from './multipart-upload.js';
import { putObject, type PutObjectOptions } from './put-object.js';

/** Options of `upload`. */
export interface UploadOptions extends CallOptions {
  /**
   * Total size of a stream, when known: parts grow so that no more than 10 000 are needed, and
   * the body must have exactly this many bytes (RangeError otherwise, and nothing is stored).
   */
  contentLength?: number;
  /**
   * Bytes per part, 5 MiB to 5 GiB. Default: 8 MiB (`DEFAULT_PART_SIZE`) grown for a large
   * known size; for a stream of unknown size, the largest whole MiB that lets
   * `concurrency + 1` parts fit in the client's `maxTransferMemory` (12 MiB by default), which
   * a given `partSize` must not exceed. A stream of unknown size can be at most 10 000 parts.
   */
  partSize?: number;
  /**
   * Parts sent at once. Default 4. Parts held in memory (sent, plus one read ahead) never take
   * more than the client's `maxTransferMemory`: when fewer fit, fewer are sent.
   */
  concurrency?: number;
  contentType?: string;
  metadata?: Record<string, string>;
  headers?: Record<string, string>;
  /** Called with the byte count of each part (or the single PUT) once stored. */
  onProgress?: (bytes: number) => void;
}

/** How an `upload` used memory. */
export interface UploadStats {
  /** Bytes per part (every part but the last). */
  partSize: number;
  /**
   * Part buffers allocated, each allocated once and reused part after part: at most
   * `maxTransferMemory / partSize`, and 0 for a `Buffer` body (sent from the caller's memory)
   * or streamed parts.
   */
  buffers: number;
  /** Bytes of those buffers; never more than the client's `maxTransferMemory`. */
  bufferBytes: number;
  /** Most parts sent at once (1 for a single PutObject). */
  peakInFlight: number;
  /**
   * Whether parts were too large for `maxTransferMemory` and were streamed from the body, one at
   * a time, without retries once a byte of a part was sent.
   */
  streamed: boolean;
}

/** Result of `upload`. */
export interface UploadResult {
  /** ETag without quotes. */
  etag: string | undefined;
  versionId: string | undefined;
  /** Parts uploaded; 0 when the body fit in one PutObject. */
  parts: number;
  stats: UploadStats;
}

function checkConcurrency(value: number): number {
  // A zero would upload nothing and still "succeed": fail loudly instead of doing nothing.
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${value}`);
  }
  return value;
}

function writeOptions(options: UploadOptions): PutObjectOptions {
  return {
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
    ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}

/** An upload on its way: where it goes, how it holds parts, and where they come from. */
interface Transfer {
  readonly bucket: string;
  readonly key: string;
  readonly plan: TransferPlan;
  readonly source: PartSource;
  readonly options: UploadOptions;
}

function statsOf(transfer: Transfer, peakInFlight: number): UploadStats {
  const { plan, source } = transfer;
  return {
    partSize: plan.partSize,
    buffers: source.buffers,
    bufferBytes: source.buffers * plan.bufferSize,
    peakInFlight,
    streamed: plan.holding === 'streamed',
  };
}

/**
 * The high-level upload. See the `S3Client` method. `maxParts` is S3's 10 000, lowered only by
 * tests (a body past the real limit would be 50 GB).
 */
export async function upload(
  ctx: ClientContext,
  bucket: string,
  key: string,
  body: Readable | Buffer,
  options: UploadOptions = {},
  maxParts: number = MAX_PARTS,
): Promise<UploadResult> {
  const concurrency = checkConcurrency(options.concurrency ?? 4);
  const inMemory = Buffer.isBuffer(body);
  const size = inMemory ? body.length : options.contentLength;
  const budget = ctx.config.maxTransferMemory;
  const plan = planTransfer({ size, inMemory, partSize: options.partSize, concurrency, budget });
  const source = createPartSource(body, plan, size, maxParts);
  const transfer: Transfer = { bucket, key, plan, source, options };
  try {
    const first = await source.next();
    if (first === undefined) throw new Error('a part source gave no first part');
    if (first.length < plan.partSize) return await putWhole(ctx, transfer, first);
    return await uploadMultipart(ctx, transfer, first);
  } catch (err) {
    // Stop the producer too: a caller's stream is destroyed, as by a failed pipeline.
    if (!inMemory && !body.destroyed && err instanceof Error) body.destroy(err);
    throw err;
  } finally {
    await source.close();
  }
}

async function putWhole(
  ctx: ClientContext,
  transfer: Transfer,
  part: OutgoingPart,
): Promise<UploadResult> {
  const { bucket, key, options } = transfer;
  const length = Buffer.isBuffer(part.body) ? {} : { contentLength: part.length };
  try {
    const put = await putObject(ctx, bucket, key, part.body, {
      ...writeOptions(options),
      ...length,
    });
    options.onProgress?.(part.length);
    return { etag: put.etag, versionId: put.versionId, parts: 0, stats: statsOf(transfer, 1) };
  } finally {
    part.release();
  }
}

async function uploadMultipart(
  ctx: ClientContext,
  transfer: Transfer,
  first: OutgoingPart,
): Promise<UploadResult> {
  const { bucket, key, plan, options } = transfer;
  let uploadId: string;
  try {
    ({ uploadId } = await createMultipartUpload(ctx, bucket, key, writeOptions(options)));
  } catch (err) {
    first.release();
    throw err;
  }
  const guard = new MultipartAbortGuard(ctx, { bucket, key, uploadId });
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    if (options.signal?.aborted === true) onCallerAbort();
    const { concurrency, held } = plan;
    const target = { bucket, key, uploadId, concurrency, held, controller };
    const sent = await uploadParts(
      ctx,
      { ...target, onPart: options.onProgress },
      first,
      transfer.source,
    );
    const done = await completeMultipartUpload(ctx, bucket, key, uploadId, sent.completed, {
      signal: controller.signal,
    });
    guard.disarm();
    const stats = statsOf(transfer, sent.peakInFlight);
    return { etag: done.etag, versionId: done.versionId, parts: sent.completed.length, stats };
  } catch (err) {
    throw await guard.fail(err);
  } finally {
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}
