import type { ListedObjectEntry } from '@strata/s3-client';
import type { EngineContext } from './engine-context.js';
import { runRequest } from './run-request.js';

/**
 * Every object under `prefix`, page by page (1 000 keys held at most), each page fetched with
 * the engine's retries and timeouts, only when the previous one has been consumed.
 */
export async function* listKeys(
  ctx: EngineContext,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): AsyncGenerator<ListedObjectEntry, void, undefined> {
  let continuationToken: string | undefined;
  do {
    const token = continuationToken;
    const page = await runRequest(ctx, {
      operation: 'ListObjectsV2',
      bucket,
      key: prefix,
      bytes: 0,
      signal,
      run: (s) =>
        ctx.client.listObjectsV2(bucket, {
          prefix,
          ...(token === undefined ? {} : { continuationToken: token }),
          signal: s,
        }),
    });
    yield* page.contents;
    // A truncated page without a token would loop forever on the first page.
    continuationToken = page.isTruncated ? page.nextContinuationToken : undefined;
  } while (continuationToken !== undefined);
}
