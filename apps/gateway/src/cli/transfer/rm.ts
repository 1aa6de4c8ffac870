import { CliUsageError } from './cli-errors.js';
import type { CommonOptions } from './common-options.js';
import type { ExitCode } from './exit-codes.js';
import { toFilterOptions, type FilterFlags } from './filter-flags.js';
import { formatS3Url, parseS3Url, toPrefix } from './s3-url.js';
import { runTransferSession } from './transfer-session.js';

/** Options of `strata rm`. */
export interface RmOptions extends CommonOptions, FilterFlags {
  /** `--recursive`: every object under the prefix (DeleteObjects batches of 1 000). */
  recursive?: boolean;
}

/**
 * `strata rm s3://bucket/key`: deletes one object, or with `--recursive` every object under the
 * prefix (filtered by `--include` / `--exclude`), each key S3 refused reported on stderr.
 *
 * @throws CliUsageError (exit code 2) for a bad URL, or no key without `--recursive`.
 */
export async function runRm(url: string, options: RmOptions): Promise<ExitCode> {
  const { bucket, key } = parseS3Url(url);
  if (options.recursive === true) {
    const prefix = toPrefix(key);
    return runTransferSession(options, async ({ engine, reporter, signal }) => {
      const started = performance.now();
      const result = await engine.deletePrefix(bucket, prefix, {
        ...toFilterOptions(options),
        signal,
      });
      reporter.bulk(
        'delete',
        formatS3Url({ bucket, key: prefix }),
        result.deleted,
        performance.now() - started,
      );
      for (const e of result.errors) {
        const error = Object.assign(new Error(e.message), { code: e.code });
        reporter.failure('delete', formatS3Url({ bucket, key: e.key }), undefined, error);
      }
    });
  }
  if (key === '') throw new CliUsageError(`${url} names no object: give a key, or use --recursive`);
  return runTransferSession(options, async ({ client, reporter, signal }) => {
    const started = performance.now();
    try {
      await client.deleteObject(bucket, key, { signal });
      reporter.file('delete', url, undefined, 0, performance.now() - started);
    } catch (error) {
      signal.throwIfAborted();
      reporter.failure('delete', url, undefined, error);
    }
  });
}
