import { uploadPart } from '../operations/upload-part.js';
import type { CompletedPartEntry } from '../operations/multipart-upload.js';
import type { ClientContext } from './client-context.js';
import type { OutgoingPart, PartSource } from './part-source.js';

/** Where and how `uploadParts` sends parts. */
export interface PartUploadPlan {
  bucket: string;
  key: string;
  uploadId: string;
  /** Parts sent at once. */
  concurrency: number;
  /** Parts held at once, sent or read ahead: the next part is read only while fewer are held. */
  held: number;
  /** Aborted by `uploadParts` on the first failure, to cancel the parts in flight. */
  controller: AbortController;
  onPart?: ((bytes: number) => void) | undefined;
}

/** What `uploadParts` stored. */
export interface UploadedParts {
  completed: CompletedPartEntry[];
  /** Most parts sent at once. */
  peakInFlight: number;
}

/**
 * Uploads `first` and every later part of `source`, at most `plan.concurrency` at once. The
 * next part is read only when fewer than `plan.held` parts are held (so into a free buffer), so
 * memory stays at `held` parts and a slow network slows the reader. A part's buffer is released
 * only once its request settled, retries included: every attempt re-sends it from there. On
 * the first failure the other parts are cancelled and awaited (a part still running could
 * otherwise land after the abort), then the failure is thrown.
 */
export async function uploadParts(
  ctx: ClientContext,
  plan: PartUploadPlan,
  first: OutgoingPart,
  source: PartSource,
): Promise<UploadedParts> {
  const completed: CompletedPartEntry[] = [];
  const inFlight = new Set<Promise<void>>();
  let peakInFlight = 0;
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown): void => {
    failure ??= { error };
    plan.controller.abort(error);
  };
  let partNumber = 0;
  const start = (part: OutgoingPart): void => {
    const n = ++partNumber;
    const { bucket, key, uploadId, controller } = plan;
    const options = Buffer.isBuffer(part.body)
      ? { signal: controller.signal }
      : { signal: controller.signal, contentLength: part.length };
    const task = uploadPart(ctx, bucket, key, uploadId, n, part.body, options)
      .then(({ etag }) => {
        completed.push({ partNumber: n, etag });
        plan.onPart?.(part.length);
      }, fail)
      .finally(() => {
        inFlight.delete(task);
        part.release();
      });
    inFlight.add(task);
    peakInFlight = Math.max(peakInFlight, inFlight.size);
  };
  // Both limits are at least 1, so a wait always has a part in flight to wait for.
  const waitWhile = async (busy: () => boolean): Promise<void> => {
    while (failure === undefined && busy()) await Promise.race(inFlight);
  };
  try {
    start(first);
    for (;;) {
      await waitWhile(() => inFlight.size >= plan.held);
      if (failure !== undefined) break;
      const part = await source.next();
      if (part === undefined) break;
      await waitWhile(() => inFlight.size >= plan.concurrency);
      if (failure !== undefined) {
        part.release();
        break;
      }
      start(part);
    }
  } catch (err) {
    fail(err);
  }
  await Promise.allSettled(inFlight);
  if (failure !== undefined) throw failure.error;
  return { completed, peakInFlight };
}
