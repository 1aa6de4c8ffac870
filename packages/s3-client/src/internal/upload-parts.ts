import { uploadPart } from '../operations/upload-part.js';
import type { CompletedPartEntry } from '../operations/multipart-upload.js';
import type { ClientContext } from './client-context.js';
import { MAX_PARTS } from '../part-size.js';

/** Where and how `uploadParts` sends parts. */
export interface PartUploadPlan {
  bucket: string;
  key: string;
  uploadId: string;
  concurrency: number;
  /** Aborted by `uploadParts` on the first failure, to cancel the parts in flight. */
  controller: AbortController;
  onPart?: ((bytes: number) => void) | undefined;
}

/**
 * Uploads `first` and every part of `rest` with at most `concurrency` requests in flight. The
 * next part is read only when a slot is free, so memory stays at `concurrency + 1` parts. On
 * the first failure the other parts are cancelled and awaited (a part still running could
 * otherwise land after the abort), then the failure is thrown.
 */
export async function uploadParts(
  ctx: ClientContext,
  plan: PartUploadPlan,
  first: Buffer,
  rest: AsyncIterator<Buffer>,
): Promise<CompletedPartEntry[]> {
  const completed: CompletedPartEntry[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown): void => {
    failure ??= { error };
    plan.controller.abort(error);
  };
  let partNumber = 0;
  const start = (part: Buffer): void => {
    const n = ++partNumber;
    if (n > MAX_PARTS) throw new RangeError(`more than ${MAX_PARTS} parts: raise partSize`);
    const { bucket, key, uploadId, controller } = plan;
    const task = uploadPart(ctx, bucket, key, uploadId, n, part, { signal: controller.signal })
      .then(({ etag }) => {
        completed.push({ partNumber: n, etag });
        plan.onPart?.(part.length);
      }, fail)
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };
  try {
    start(first);
    while (failure === undefined) {
      if (inFlight.size >= plan.concurrency) {
        await Promise.race(inFlight);
        continue;
      }
      const next = await rest.next();
      if (next.done === true) break;
      start(next.value);
    }
  } catch (err) {
    fail(err);
  }
  await Promise.allSettled(inFlight);
  if (failure !== undefined) throw failure.error;
  return completed;
}
