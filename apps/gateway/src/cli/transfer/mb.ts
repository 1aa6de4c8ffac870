import { CliUsageError } from './cli-errors.js';
import type { CommonOptions } from './common-options.js';
import type { ExitCode } from './exit-codes.js';
import { parseS3Url } from './s3-url.js';
import { runTransferSession } from './transfer-session.js';

/**
 * `strata mb s3://bucket`: CreateBucket, in the resolved region; prints `make_bucket: NAME`
 * unless `--quiet`.
 *
 * @throws CliUsageError (exit code 2) for a bad URL or one with a key.
 */
export async function runMb(url: string, options: CommonOptions): Promise<ExitCode> {
  const { bucket, key } = parseS3Url(url);
  if (key !== '') throw new CliUsageError(`mb takes a bucket, not a key: ${url}`);
  return runTransferSession(
    options,
    async ({ client, reporter, signal }) => {
      try {
        await client.createBucket(bucket, { signal });
        if (options.quiet !== true) process.stdout.write(`make_bucket: ${bucket}\n`);
      } catch (error) {
        signal.throwIfAborted();
        reporter.failure('make_bucket', bucket, undefined, error);
      }
    },
    { report: false },
  );
}
