import type { Readable } from 'node:stream';
import { MAX_PART_SIZE } from '@strata/s3-client';
import { BodyStreamError } from '../errors.js';
import { meterBody } from './s3-metered-body.js';
import type { MeteredBody } from './s3-metered-body.js';
import { toBackendError } from './s3-errors.js';
import { keyOf } from './s3-target.js';
import type { S3Target } from './s3-target.js';

/** The largest object one PutObject may carry (5 GiB, the same as the largest part). */
export const MAX_SINGLE_PUT = MAX_PART_SIZE;

/**
 * Parts in flight when `put` falls back to multipart. The client holds `concurrency + 1` parts
 * within its `maxTransferMemory`; bodies of unknown length are rare (a chunked upload without a
 * decoded length), so two keep the stream moving, and with the budget split three ways rather
 * than five, parts of an unknown size are larger (so such a body can be longer).
 */
const FALLBACK_CONCURRENCY = 2;

/** How {@link putBlob} writes. */
export interface PutPlan {
  readonly size: number | undefined;
  readonly signal: AbortSignal | undefined;
  /** Part size of the multipart fallback (`undefined`: the client's default). */
  readonly partSize: number | undefined;
  /** Send `If-None-Match: *` on a single PutObject, so an existing blob is never replaced. */
  readonly conditional: boolean;
}

/**
 * Streams `body` into `blob`: one PutObject when the size is known and at most 5 GiB, otherwise
 * the client's `upload` (multipart, aborted upstream on any failure). Resolves with the bytes
 * read from `body`, all of which were stored. On failure `body` is destroyed and nothing is
 * stored: a PutObject that did not complete stores nothing, and `upload` aborts its parts.
 *
 * @throws BodyStreamError when `body` failed (or broke its declared `size`); the abort reason
 *   when `signal` fired; a typed backend error otherwise (see `toBackendError`).
 */
export async function putBlob(
  target: S3Target,
  blob: string,
  body: Readable,
  plan: PutPlan,
): Promise<{ size: number }> {
  const metered = meterBody(body, plan.size);
  try {
    await send(target, keyOf(target, blob), metered, plan);
    return { size: metered.bytes() };
  } catch (err) {
    body.destroy();
    const failure = metered.bodyFailure();
    if (failure !== undefined && plan.signal?.aborted !== true) {
      throw new BodyStreamError(failure.error, { backend: target.name });
    }
    const ctx = { backend: target.name, bucket: target.bucket, op: 'put', blob };
    throw toBackendError(err, { ...ctx, signal: plan.signal });
  }
}

async function send(target: S3Target, key: string, metered: MeteredBody, plan: PutPlan) {
  const { client, bucket } = target;
  const signal = plan.signal;
  if (plan.size !== undefined && plan.size <= MAX_SINGLE_PUT) {
    // If-None-Match: * (RFC 9110 §13.1.2) makes the service refuse with 412 when the key exists:
    // AWS since 2024, Ceph RGW (checked on 16.2.15) and Strata enforce it; s3rver ignores it.
    const headers: Record<string, string> = plan.conditional ? { 'if-none-match': '*' } : {};
    await client.putObject(bucket, key, metered.stream, {
      contentLength: plan.size,
      headers,
      ...(signal === undefined ? {} : { signal }),
    });
    return;
  }
  // No If-None-Match here: `upload` would put it on CreateMultipartUpload too, where S3 does not
  // define it, and it cannot send it on CompleteMultipartUpload. Fresh blob names protect these.
  await client.upload(bucket, key, metered.stream, {
    ...(plan.partSize === undefined ? {} : { partSize: plan.partSize }),
    concurrency: FALLBACK_CONCURRENCY,
    ...(plan.size === undefined ? {} : { contentLength: plan.size }),
    ...(signal === undefined ? {} : { signal }),
  });
}
