import { basename, join, sep } from 'node:path';
import { CliUsageError } from './cli-errors.js';
import type { CommonOptions } from './common-options.js';
import type { ExitCode } from './exit-codes.js';
import { toFilterOptions, type FilterFlags } from './filter-flags.js';
import { keyBaseName } from './key-name.js';
import { checkLocalPath, statOrUndefined, statSource } from './local-path.js';
import { formatS3Url, isS3Url, parseS3Url, toPrefix, type S3Location } from './s3-url.js';
import { runTransferSession, type TransferSession } from './transfer-session.js';

/** Options of `strata cp`. */
export interface CpOptions extends CommonOptions, FilterFlags {
  /** `--recursive`: a directory tree or a whole prefix. */
  recursive?: boolean;
  /** `--resume`: go on with the uploads and downloads an interrupted run left. */
  resume?: boolean;
}

/**
 * `strata cp <src> <dst>`: local file or tree to S3, S3 to local, or S3 to S3 (server-side).
 * Usage errors (no `s3://` side, a bad URL, a missing source, a directory without
 * `--recursive`) throw before any request.
 *
 * @throws CliUsageError (exit code 2).
 */
export async function runCp(src: string, dst: string, options: CpOptions): Promise<ExitCode> {
  if (isS3Url(src) && isS3Url(dst)) return copy(parseS3Url(src), parseS3Url(dst), options);
  if (isS3Url(src)) return download(parseS3Url(src), checkLocalPath(dst), options);
  if (isS3Url(dst)) return upload(checkLocalPath(src), parseS3Url(dst), options);
  throw new CliUsageError(
    'cp needs an s3:// URL as source or destination (local to local: use cp(1))',
  );
}

async function upload(src: string, dst: S3Location, options: CpOptions): Promise<ExitCode> {
  const stats = await statSource(src);
  if (options.recursive === true) {
    if (!stats.isDirectory())
      throw new CliUsageError(`--recursive needs a directory, ${JSON.stringify(src)} is not one`);
    const prefix = toPrefix(dst.key);
    return runTransferSession(options, async ({ engine, reporter, signal }) => {
      const result = await engine.uploadDirectory(src, dst.bucket, prefix, {
        ...toFilterOptions(options),
        resume: options.resume === true,
        signal,
        onProgress: (p) => reporter.progress(p),
        onFile: (e) =>
          reporter.file('upload', e.path ?? '', s3(dst.bucket, e.key), e.bytes, e.durationMs),
      });
      for (const f of result.failed)
        reporter.failure('upload', f.path ?? '', s3(dst.bucket, f.key), f.error);
    });
  }
  if (stats.isDirectory())
    throw new CliUsageError(`${JSON.stringify(src)} is a directory: use --recursive`);
  const key = dst.key === '' || dst.key.endsWith('/') ? dst.key + basename(src) : dst.key;
  return runTransferSession(options, async ({ engine, reporter, signal }) => {
    const started = performance.now();
    const target = s3(dst.bucket, key);
    try {
      const result = await engine.uploadFile(src, dst.bucket, key, {
        resume: options.resume === true,
        signal,
        onProgress: (p) => reporter.progress(p),
      });
      reporter.file('upload', src, target, result.size, performance.now() - started);
    } catch (error) {
      signal.throwIfAborted();
      reporter.failure('upload', src, target, error);
    }
  });
}

async function download(src: S3Location, dst: string, options: CpOptions): Promise<ExitCode> {
  const existing = await statOrUndefined(dst);
  if (options.recursive === true) {
    if (existing !== undefined && !existing.isDirectory()) {
      throw new CliUsageError(`${JSON.stringify(dst)} exists and is not a directory`);
    }
    const prefix = toPrefix(src.key);
    return runTransferSession(options, async ({ engine, reporter, signal }) => {
      const result = await engine.downloadPrefix(src.bucket, prefix, dst, {
        ...toFilterOptions(options),
        resume: options.resume === true,
        signal,
        onProgress: (p) => reporter.progress(p),
        onFile: (e) =>
          reporter.file('download', s3(src.bucket, e.key), e.path, e.bytes, e.durationMs),
      });
      for (const f of result.failed)
        reporter.failure('download', s3(src.bucket, f.key), f.path, f.error);
    });
  }
  if (src.key === '' || src.key.endsWith('/')) {
    throw new CliUsageError(`${formatS3Url(src)} names no object: give a key, or use --recursive`);
  }
  const intoFolder = existing?.isDirectory() === true || dst.endsWith('/') || dst.endsWith(sep);
  const path = intoFolder ? join(dst, keyBaseName(src.key)) : dst;
  return runTransferSession(options, async ({ engine, reporter, signal }) => {
    await single(reporter, 'download', formatS3Url(src), path, signal, async () => {
      const result = await engine.downloadFile(src.bucket, src.key, path, {
        resume: options.resume === true,
        signal,
        onProgress: (p) => reporter.progress(p),
      });
      return result.size;
    });
  });
}

async function copy(src: S3Location, dst: S3Location, options: CpOptions): Promise<ExitCode> {
  if (options.recursive === true) {
    const from = { bucket: src.bucket, prefix: toPrefix(src.key) };
    const to = { bucket: dst.bucket, prefix: toPrefix(dst.key) };
    const targetOf = (key: string): string =>
      s3(to.bucket, to.prefix + key.slice(from.prefix.length));
    return runTransferSession(options, async ({ engine, reporter, signal }) => {
      const result = await engine.copyPrefix(from, to, {
        ...toFilterOptions(options),
        signal,
        onProgress: (p) => reporter.progress(p),
        onFile: (e) =>
          reporter.file('copy', s3(src.bucket, e.key), targetOf(e.key), e.bytes, e.durationMs),
      });
      for (const f of result.failed)
        reporter.failure('copy', s3(src.bucket, f.key), targetOf(f.key), f.error);
    });
  }
  if (src.key === '' || src.key.endsWith('/')) {
    throw new CliUsageError(`${formatS3Url(src)} names no object: give a key, or use --recursive`);
  }
  const key = dst.key === '' || dst.key.endsWith('/') ? dst.key + keyBaseName(src.key) : dst.key;
  return runTransferSession(options, async ({ client, reporter, signal }) => {
    await single(reporter, 'copy', formatS3Url(src), s3(dst.bucket, key), signal, async () => {
      // One CopyObject (S3 copies up to 5 GiB in one request); `--recursive` goes in parts above.
      const head = await client.headObject(src.bucket, src.key, { signal });
      // Pinned to the ETag just read, so an object replaced in between fails rather than mixes.
      const source = {
        bucket: src.bucket,
        key: src.key,
        ...(head.etag === undefined ? {} : { ifMatch: `"${head.etag}"` }),
      };
      await client.copyObject(source, dst.bucket, key, { signal });
      return head.contentLength ?? 0;
    });
  });
}

/** Runs one file's transfer and reports it, or its failure. */
async function single(
  reporter: TransferSession['reporter'],
  op: 'download' | 'copy',
  src: string,
  dst: string,
  signal: AbortSignal,
  run: () => Promise<number>,
): Promise<void> {
  const started = performance.now();
  try {
    const bytes = await run();
    reporter.file(op, src, dst, bytes, performance.now() - started);
  } catch (error) {
    signal.throwIfAborted();
    reporter.failure(op, src, dst, error);
  }
}

function s3(bucket: string, key: string): string {
  return formatS3Url({ bucket, key });
}
