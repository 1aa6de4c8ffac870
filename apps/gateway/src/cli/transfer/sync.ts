import type { SyncAction, SyncOptions, SyncResult } from '@strata/transfer';
import { CliUsageError } from './cli-errors.js';
import type { CommonOptions } from './common-options.js';
import type { ExitCode } from './exit-codes.js';
import { toFilterOptions, type FilterFlags } from './filter-flags.js';
import { checkLocalPath, statOrUndefined, statSource } from './local-path.js';
import type { Reporter } from './reporter.js';
import { formatS3Url, isS3Url, parseS3Url, toPrefix } from './s3-url.js';
import { runTransferSession } from './transfer-session.js';

/** Options of `strata sync`. */
export interface SyncFlags extends CommonOptions, FilterFlags {
  /** `--delete`: remove what the source does not have. */
  delete?: boolean;
  /** `--dryrun`: print what would be done, do nothing. */
  dryrun?: boolean;
  /** `--checksum`: compare content (MD5 against the ETag) rather than size and mtime. */
  checksum?: boolean;
}

/**
 * `strata sync <src> <dst>`: a local directory to an S3 prefix or back. Transfers what is
 * missing or differs (size, or a newer source by mtime; with `--checksum` the content), and with
 * `--delete` removes what the source lacks; `--dryrun` only reports.
 *
 * @throws CliUsageError (exit code 2) for two local or two `s3://` sides, a bad URL, a missing
 *   local source.
 */
export async function runSync(src: string, dst: string, flags: SyncFlags): Promise<ExitCode> {
  if (isS3Url(src) === isS3Url(dst)) {
    throw new CliUsageError('sync needs one local directory and one s3:// URL');
  }
  const up = !isS3Url(src);
  const remote = parseS3Url(up ? dst : src);
  const local = checkLocalPath(up ? src : dst);
  if (up && !(await statSource(local)).isDirectory()) {
    throw new CliUsageError(`${JSON.stringify(local)} is not a directory`);
  }
  if (!up && (await statOrUndefined(local))?.isDirectory() === false) {
    throw new CliUsageError(`${JSON.stringify(local)} exists and is not a directory`);
  }
  const prefix = toPrefix(remote.key);
  const url = (key: string): string => formatS3Url({ bucket: remote.bucket, key });
  return runTransferSession(flags, async ({ engine, reporter, signal }) => {
    // Deletions are reported once done: DeleteObjects says which keys failed only afterwards.
    const deletions: SyncAction[] = [];
    const options: SyncOptions = {
      ...toFilterOptions(flags),
      signal,
      delete: flags.delete === true,
      dryRun: flags.dryrun === true,
      compare: flags.checksum === true ? 'checksum' : 'size-mtime',
      onProgress: (p) => reporter.progress(p),
      onAction: (a) => {
        if (flags.dryrun === true) reportAction(reporter, a, url);
        else if (a.kind === 'delete-local' || a.kind === 'delete-remote') deletions.push(a);
      },
      onFile: (e) => {
        if (up) reporter.file('upload', e.path ?? '', url(e.key), e.bytes, e.durationMs);
        else reporter.file('download', url(e.key), e.path, e.bytes, e.durationMs);
      },
    };
    const result = up
      ? await engine.syncToS3(local, remote.bucket, prefix, options)
      : await engine.syncFromS3(remote.bucket, prefix, local, options);
    reportOutcome(reporter, result, deletions, up, url);
  });
}

function reportAction(reporter: Reporter, a: SyncAction, url: (key: string) => string): void {
  if (a.kind === 'upload') reporter.planned('upload', a.path, url(a.key), a.size);
  else if (a.kind === 'download') reporter.planned('download', url(a.key), a.path, a.size);
  else if (a.kind === 'delete-remote') reporter.planned('delete', url(a.key), undefined, a.size);
  else reporter.planned('delete', a.path, undefined, a.size);
}

function reportOutcome(
  reporter: Reporter,
  result: SyncResult,
  deletions: readonly SyncAction[],
  up: boolean,
  url: (key: string) => string,
): void {
  for (const f of result.failed) {
    if (up) reporter.failure('upload', f.path ?? '', url(f.key), f.error);
    else reporter.failure('download', url(f.key), f.path, f.error);
  }
  const failedKeys = new Set(result.deleteErrors.map((e) => e.key));
  for (const a of deletions) {
    const what = a.kind === 'delete-remote' ? url(a.key) : a.path;
    if (!failedKeys.has(a.key)) reporter.file('delete', what, undefined, 0, 0);
  }
  for (const e of result.deleteErrors) {
    const what = up ? url(e.key) : (deletions.find((a) => a.key === e.key)?.path ?? url(e.key));
    reporter.failure(
      'delete',
      what,
      undefined,
      Object.assign(new Error(e.message), { code: e.code }),
    );
  }
}
