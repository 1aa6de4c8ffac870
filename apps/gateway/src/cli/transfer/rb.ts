import { CliUsageError } from './cli-errors.js';
import type { CommonOptions } from './common-options.js';
import type { ExitCode } from './exit-codes.js';
import { formatS3Url, parseS3Url } from './s3-url.js';
import { runTransferSession } from './transfer-session.js';

/** Options of `strata rb`. */
export interface RbOptions extends CommonOptions {
  /** `--force`: delete every object first. */
  force?: boolean;
}

/**
 * `strata rb s3://bucket`: DeleteBucket; with `--force` every object is deleted first (a key
 * that could not be is reported, and the bucket is then left in place). Prints
 * `remove_bucket: NAME` unless `--quiet`.
 *
 * @throws CliUsageError (exit code 2) for a bad URL or one with a key.
 */
export async function runRb(url: string, options: RbOptions): Promise<ExitCode> {
  const { bucket, key } = parseS3Url(url);
  if (key !== '') throw new CliUsageError(`rb takes a bucket, not a key: ${url}`);
  return runTransferSession(
    options,
    async ({ client, engine, reporter, signal }) => {
      if (options.force === true) {
        const emptied = await engine.deletePrefix(bucket, '', { signal });
        for (const e of emptied.errors) {
          const error = Object.assign(new Error(e.message), { code: e.code });
          reporter.failure('delete', formatS3Url({ bucket, key: e.key }), undefined, error);
        }
        if (emptied.errors.length > 0) return;
      }
      try {
        await client.deleteBucket(bucket, { signal });
        if (options.quiet !== true) process.stdout.write(`remove_bucket: ${bucket}\n`);
      } catch (error) {
        signal.throwIfAborted();
        reporter.failure('remove_bucket', bucket, undefined, error);
      }
    },
    { report: false },
  );
}
