import { setTimeout as sleep } from 'node:timers/promises';
import { backoffMs, isRetryable } from '@strata/s3-client';
import type { TransferOperation } from '../progress.js';
import { TransferError } from '../transfer-error.js';
import type { EngineContext } from './engine-context.js';
import type { ProgressTracker } from './progress-tracker.js';

/** One request of the engine, run with a request slot, an adaptive timeout and retries. */
export interface RequestSpec<T> {
  operation: TransferOperation;
  bucket: string;
  key: string;
  /** Payload bytes (what the timeout is sized for). */
  bytes: number;
  /** Whether sending it twice is harmless; CreateMultipartUpload is not. */
  idempotent?: boolean;
  signal?: AbortSignal | undefined;
  progress?: ProgressTracker | undefined;
  /**
   * Whether the duration feeds the bandwidth estimate. Default true; false for server-side
   * copies, whose bytes never cross this network.
   */
  observe?: boolean;
  /** One attempt. Must honour `signal` and release everything it opened when it rejects. */
  run: (signal: AbortSignal, attempt: number) => Promise<T>;
}

/**
 * Runs `spec.run` until it succeeds. Every attempt is a fresh call through `@strata/s3-client`,
 * so it is signed afresh, with its own body (a new read of the file range). An attempt that
 * outlives its adaptive timeout is aborted and counts as retryable (for idempotent requests);
 * the next attempt's timeout is longer. Other failures retry when `isRetryable` says so.
 *
 * @throws the last attempt's error, a `TransferError` `ETIMEDOUT_REQUEST` when it timed out,
 *   or the signal's reason.
 */
export async function runRequest<T>(ctx: EngineContext, spec: RequestSpec<T>): Promise<T> {
  const { maxAttempts, baseMs, capMs } = ctx.config.retry;
  const idempotent = spec.idempotent ?? true;
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    spec.signal?.throwIfAborted();
    await ctx.requests.acquire();
    const limitMs = ctx.timeouts.timeoutMs(spec.bytes, attempt);
    const timer = new AbortController();
    // Made when the timer fires, not per request: an error captures a stack, and most requests
    // end in time.
    const handle = setTimeout(() => {
      const message = `${spec.operation} of ${spec.key} took longer than ${limitMs} ms (attempt ${attempt})`;
      timer.abort(
        new TransferError('ETIMEDOUT_REQUEST', message, { key: spec.key, attempts: attempt }),
      );
    }, limitMs);
    const signal =
      spec.signal === undefined ? timer.signal : AbortSignal.any([spec.signal, timer.signal]);
    const t0 = performance.now();
    try {
      const result = await spec.run(signal, attempt);
      const durationMs = performance.now() - t0;
      if (spec.observe !== false) ctx.timeouts.observe(spec.bytes, durationMs);
      const { operation, bucket, key, bytes } = spec;
      const totalMs = performance.now() - started;
      ctx.onRequest?.({ operation, bucket, key, bytes, durationMs, totalMs, attempt });
      spec.progress?.addBytes(bytes);
      return result;
    } catch (caught) {
      if (spec.signal?.aborted === true) throw spec.signal.reason;
      const timedOut = timer.signal.aborted;
      const err: unknown = timedOut ? timer.signal.reason : caught;
      const retryable = timedOut ? idempotent : isRetryable(err, idempotent);
      if (!retryable || attempt >= maxAttempts) throw err;
    } finally {
      clearTimeout(handle);
      ctx.requests.release();
    }
    await sleepOrAbort(backoffMs(attempt, baseMs, capMs), spec.signal);
  }
}

async function sleepOrAbort(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (err) {
    signal?.throwIfAborted();
    throw err;
  }
}
