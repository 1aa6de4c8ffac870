import {
  prefixesOverlap,
  type SyncAction,
  type SyncOptions,
  type SyncResult,
} from '@strata/transfer';
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
  /** `--resume`: go on with the uploads and downloads an interrupted run left. */
  resume?: boolean;
}

/**
 * `strata sync <src> <dst>`: a local directory to an S3 prefix or back, or one S3 prefix to
 * another (server-side copies). Transfers what is missing or differs (size, or a newer source by
 * mtime; with `--checksum` the content), and with `--delete` removes what the source lacks;
 * `--dryrun` only reports.
 *
 * @throws CliUsageError (exit code 2) for two local sides, two overlapping prefixes of one
 *   bucket, a bad URL, a missing local source.
 */
export async function runSync(src: string, dst: string, flags: SyncFlags): Promise<ExitCode> {
  if (!isS3Url(src) && !isS3Url(dst)) {
    throw new CliUsageError('sync needs an s3:// URL on at least one side');
  }
  if (isS3Url(src) && isS3Url(dst)) return runS3Sync(src, dst, flags);
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
    const options = syncOptions(flags, reporter, signal, url, deletions, (e) => {
      if (up) reporter.file('upload', e.path ?? '', url(e.key), e.bytes, e.durationMs);
      else reporter.file('download', url(e.key), e.path, e.bytes, e.durationMs);
    });
    const result = up
      ? await engine.syncToS3(local, remote.bucket, prefix, options)
      : await engine.syncFromS3(remote.bucket, prefix, local, options);
    reportOutcome(reporter, result, deletions, url, (f) => {
      if (up) reporter.failure('upload', f.path ?? '', url(f.key), f.error);
      else reporter.failure('download', url(f.key), f.path, f.error);
    });
  });
}

/** `strata sync s3://… s3://…`: server-side copies from one prefix to another. */
async function runS3Sync(src: string, dst: string, flags: SyncFlags): Promise<ExitCode> {
  const from = parseS3Url(src);
  const to = parseS3Url(dst);
  const source = { bucket: from.bucket, prefix: toPrefix(from.key) };
  const target = { bucket: to.bucket, prefix: toPrefix(to.key) };
  if (prefixesOverlap(source, target)) {
    throw new CliUsageError(`${src} and ${dst} overlap: one holds the other`);
  }
  const url = (key: string): string => formatS3Url({ bucket: target.bucket, key });
  const sourceOf = (key: string): string =>
    formatS3Url({ bucket: source.bucket, key: source.prefix + key.slice(target.prefix.length) });
  return runTransferSession(flags, async ({ engine, reporter, signal }) => {
    const deletions: SyncAction[] = [];
    const options = syncOptions(flags, reporter, signal, url, deletions, (e) =>
      reporter.file('copy', sourceOf(e.key), url(e.key), e.bytes, e.durationMs),
    );
    const result = await engine.syncS3(source, target, options);
    reportOutcome(reporter, result, deletions, url, (f) =>
      reporter.failure('copy', sourceOf(f.key), url(f.key), f.error),
    );
  });
}

/** The engine's options for a sync: the flags, progress, and the actions reported. */
function syncOptions(
  flags: SyncFlags,
  reporter: Reporter,
  signal: AbortSignal,
  url: (key: string) => string,
  deletions: SyncAction[],
  onFile: NonNullable<SyncOptions['onFile']>,
): SyncOptions {
  return {
    ...toFilterOptions(flags),
    signal,
    delete: flags.delete === true,
    dryRun: flags.dryrun === true,
    compare: flags.checksum === true ? 'checksum' : 'size-mtime',
    resume: flags.resume === true,
    onProgress: (p) => reporter.progress(p),
    onAction: (a) => {
      if (flags.dryrun === true) reportAction(reporter, a, url);
      else if (a.kind === 'delete-local' || a.kind === 'delete-remote') deletions.push(a);
    },
    onFile,
  };
}

function reportAction(reporter: Reporter, a: SyncAction, url: (key: string) => string): void {
  if (a.kind === 'upload') reporter.planned('upload', a.path, url(a.key), a.size);
  else if (a.kind === 'download') reporter.planned('download', url(a.key), a.path, a.size);
  else if (a.kind === 'copy' && a.source !== undefined) {
    reporter.planned('copy', formatS3Url(a.source), url(a.key), a.size);
  } else if (a.kind === 'delete-remote') reporter.planned('delete', url(a.key), undefined, a.size);
  else reporter.planned('delete', a.path, undefined, a.size);
}

function reportOutcome(
  reporter: Reporter,
  result: SyncResult,
  deletions: readonly SyncAction[],
  url: (key: string) => string,
  failure: (f: SyncResult['failed'][number]) => void,
): void {
  for (const f of result.failed) failure(f);
  const failedKeys = new Set(result.deleteErrors.map((e) => e.key));
  for (const a of deletions) {
    const what = a.kind === 'delete-remote' ? url(a.key) : a.path;
    if (!failedKeys.has(a.key)) reporter.file('delete', what, undefined, 0, 0);
  }
  for (const e of result.deleteErrors) {
    const local = deletions.find((a) => a.key === e.key && a.kind === 'delete-local');
    const what = local?.path ?? url(e.key);
    reporter.failure(
      'delete',
      what,
      undefined,
      Object.assign(new Error(e.message), { code: e.code }),
    );
  }
}
