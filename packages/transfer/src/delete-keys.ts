import { MAX_KEYS_PER_DELETE, type CallOptions } from '@strata/s3-client';
import type { EngineContext } from './internal/engine-context.js';
import { forEachConcurrent } from './internal/for-each-concurrent.js';
import { listKeys } from './internal/list-keys.js';
import type { FilterOptions } from './filter-options.js';
import { createPathFilter } from './internal/path-filter.js';
import { runRequest } from './internal/run-request.js';

/** A key DeleteObjects did not delete, with S3's code (or the request's error's). */
export interface DeleteFailure {
  /** The key not deleted. */
  key: string;
  /** S3's `<Code>` (`AccessDenied`…), or the failed request's error code. */
  code: string;
  /** S3's `<Message>`, or the error's message. */
  message: string;
}

/** Result of `deleteKeys` and `deletePrefix`. */
export interface DeleteResult {
  /** Keys S3 reported deleted (a key that did not exist counts: S3 reports it deleted). */
  deleted: number;
  /** Per-key failures: the `<Error>` entries of DeleteObjects replies, and every key of a batch whose request failed as a whole. */
  errors: DeleteFailure[];
}

/** Options of `deleteKeys`. */
export type DeleteKeysOptions = CallOptions;

/** Options of `deletePrefix`. */
export interface DeletePrefixOptions extends CallOptions, FilterOptions {}

/** Groups `keys` into arrays of at most `size`, holding one group at a time. */
async function* chunks(
  keys: AsyncIterable<string> | Iterable<string>,
  size: number,
): AsyncGenerator<string[], void, undefined> {
  let batch: string[] = [];
  for await (const key of keys) {
    batch.push(key);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function describe(error: unknown): { code: string; message: string } {
  const code = (error as { code?: unknown }).code;
  return {
    code: typeof code === 'string' ? code : 'Error',
    message: error instanceof Error ? error.message : String(error),
  };
}

/** Deletes keys in DeleteObjects batches of 1 000; see `TransferEngine.deleteKeys`. */
export async function deleteKeys(
  ctx: EngineContext,
  bucket: string,
  keys: AsyncIterable<string> | Iterable<string>,
  options: DeleteKeysOptions = {},
): Promise<DeleteResult> {
  const result: DeleteResult = { deleted: 0, errors: [] };
  await forEachConcurrent(
    chunks(keys, MAX_KEYS_PER_DELETE),
    ctx.config.concurrency,
    async (batch) => {
      try {
        const reply = await runRequest(ctx, {
          operation: 'DeleteObjects',
          bucket,
          key: batch[0] ?? '',
          bytes: 0,
          signal: options.signal,
          run: (signal) => ctx.client.deleteObjects(bucket, batch, { signal }),
        });
        result.deleted += reply.deleted.length;
        for (const e of reply.errors) {
          result.errors.push({ key: e.key, code: e.code, message: e.message });
        }
      } catch (error) {
        options.signal?.throwIfAborted();
        const why = describe(error);
        for (const key of batch) result.errors.push({ key, ...why });
      }
    },
    options.signal,
  );
  return result;
}

/** Deletes every object under a prefix; see `TransferEngine.deletePrefix`. */
export async function deletePrefix(
  ctx: EngineContext,
  bucket: string,
  prefix: string,
  options: DeletePrefixOptions = {},
): Promise<DeleteResult> {
  const keep = createPathFilter(options);
  async function* keys(): AsyncGenerator<string, void, undefined> {
    for await (const entry of listKeys(ctx, bucket, prefix, options.signal)) {
      if (keep(entry.key.slice(prefix.length))) yield entry.key;
    }
  }
  return deleteKeys(ctx, bucket, keys(), options);
}
