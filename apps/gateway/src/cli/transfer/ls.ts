import type { CommonOptions } from './common-options.js';
import type { ExitCode } from './exit-codes.js';
import { formatBucketLine, formatObjectLine, formatPrefixLine } from './format-listing.js';
import { parseS3Url } from './s3-url.js';
import { runTransferSession } from './transfer-session.js';

/** Options of `strata ls`. */
export interface LsOptions extends CommonOptions {
  /** `--recursive`: every key under the prefix, with its full name. */
  recursive?: boolean;
}

/**
 * `strata ls [s3://bucket[/prefix]]`: without an argument the buckets (ListBuckets), otherwise
 * the objects and (unless `--recursive`) the `PRE` sub-prefixes under the prefix, named relative
 * to its last `/`, one aws-cli-style line each, page by page as they arrive.
 *
 * @throws CliUsageError (exit code 2) for a bad URL.
 */
export async function runLs(url: string | undefined, options: LsOptions): Promise<ExitCode> {
  const location = url === undefined ? undefined : parseS3Url(url);
  const print = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  return runTransferSession(
    options,
    async ({ client, signal }) => {
      if (location === undefined) {
        for (const bucket of await client.listBuckets({ signal })) print(formatBucketLine(bucket));
        return;
      }
      const { bucket, key: prefix } = location;
      const recursive = options.recursive === true;
      const base = recursive ? '' : prefix.slice(0, prefix.lastIndexOf('/') + 1);
      const pages = client.listObjectsV2Pages(bucket, {
        prefix,
        ...(recursive ? {} : { delimiter: '/' }),
        signal,
      });
      for await (const page of pages) {
        for (const p of page.commonPrefixes) print(formatPrefixLine(p.slice(base.length)));
        for (const entry of page.contents)
          print(formatObjectLine(entry, entry.key.slice(base.length)));
      }
    },
    { report: false },
  );
}
