import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HashingStream, type HashingStreamOptions } from '../hashing-stream.js';

/** Result of {@link hashInto}. */
export interface HashedWrite<T> {
  readonly result: T;
  /** Binary MD5 of the bytes that flowed. */
  readonly md5: Buffer;
  readonly bytes: number;
}

/**
 * Streams `body` through a {@link HashingStream} into `sink` with backpressure
 * (`stream/promises.pipeline`), and waits for both sides to settle so that no write is still in
 * flight when the caller cleans up. Errors are reported by cause: a size violation first, then
 * the body's own error (a client abort), then the sink's.
 *
 * The body is consumed or destroyed in every case.
 */
export async function hashInto<T>(
  body: Readable,
  sink: (source: Readable) => Promise<T>,
  options: HashingStreamOptions & { readonly signal?: AbortSignal | undefined },
): Promise<HashedWrite<T>> {
  const hasher = new HashingStream(options);
  // A body that failed before it reached us (its checksum did not match while the caller awaited
  // the metastore) failed for that reason: what the hasher sees of it afterwards is a symptom.
  const early = body.errored;
  if (early !== null) {
    body.destroy();
    throw early;
  }
  let bodyError: Error | undefined;
  const onBodyError = (error: Error): void => {
    bodyError ??= error;
  };
  body.on('error', onBodyError);
  const piping = pipeline(body, hasher, options.signal ? { signal: options.signal } : {});
  const sinking = sink(hasher).catch((error: unknown) => {
    // A sink that gave up must not leave the pipeline waiting for a reader forever.
    hasher.destroy();
    throw error;
  });
  try {
    const [sunk, piped] = await Promise.allSettled([sinking, piping]);
    if (hasher.failure) throw hasher.failure;
    if (bodyError) throw bodyError;
    if (sunk.status === 'rejected') throw sunk.reason;
    if (piped.status === 'rejected') throw piped.reason;
    return { result: sunk.value, md5: hasher.digest(), bytes: hasher.bytes };
  } finally {
    // The error listener stays: a late error from a destroyed body must not become uncaught.
    body.destroy();
  }
}
