import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CallOptions } from '@strata/s3-client';
import type { DirectoryMaker } from './internal/directory-maker.js';
import type { EngineContext } from './internal/engine-context.js';
import { DownloadJournal } from './internal/download-journal.js';
import { forEachConcurrent } from './internal/for-each-concurrent.js';
import { isMd5Etag, md5File } from './internal/md5-etag.js';
import { PositionedWriter } from './internal/positioned-writer.js';
import { ProgressTracker } from './internal/progress-tracker.js';
import { runRequest } from './internal/run-request.js';
import { chooseDownloadPartSize, planParts, type PartRange } from './part-size.js';
import type { ProgressListener } from './progress.js';
import { isTransferError, TransferError } from './transfer-error.js';

/** Options of `downloadFile`. */
export interface DownloadFileOptions extends CallOptions {
  /** Check the file's MD5 against a single-part object's ETag. Default true. */
  verifyEtag?: boolean;
  /** Range size. Default: `chooseDownloadPartSize(size, concurrency)`. */
  partSize?: number;
  /**
   * Keep what an interrupted download wrote and go on from there: the temporary file and a
   * journal of finished ranges stay beside `path` when a download fails or is interrupted, and
   * the next download of the same object (size, ETag, part size) fetches only the rest. Default
   * false: a failed download leaves nothing.
   */
  resume?: boolean;
  /** Aggregate progress of this call. */
  onProgress?: ProgressListener;
}

/** Result of `downloadFile`. */
export interface DownloadFileResult {
  /** Bytes written. */
  size: number;
  /** ETag without quotes. */
  etag: string | undefined;
  /** Ranged GETs sent. */
  parts: number;
  /** Whether the file's MD5 was checked against the ETag. */
  etagVerified: boolean;
}

/** What is known of an object before it is downloaded. */
export interface RemoteObjectState {
  /** Bytes. */
  size: number;
  etag: string | undefined;
  lastModified: Date | undefined;
}

/** Downloads one object; see `TransferEngine.downloadFile`. */
export async function downloadFile(
  ctx: EngineContext,
  bucket: string,
  key: string,
  path: string,
  options: DownloadFileOptions = {},
): Promise<DownloadFileResult> {
  const head = await runRequest(ctx, {
    operation: 'HeadObject',
    bucket,
    key,
    bytes: 0,
    signal: options.signal,
    run: (signal) => ctx.client.headObject(bucket, key, { signal }),
  });
  const state = { size: head.contentLength ?? 0, etag: head.etag, lastModified: head.lastModified };
  const progress = new ProgressTracker(options.onProgress);
  progress.addFile(state.size);
  progress.finalize();
  return downloadKnownObject(ctx, { bucket, key, path, state, options, progress });
}

/** One object to download, its state from a HEAD or a listing. */
export interface DownloadJob {
  bucket: string;
  key: string;
  path: string;
  state: RemoteObjectState;
  options: DownloadFileOptions;
  progress: ProgressTracker;
  /** Makes the file's directory; a tree download shares one that remembers what it made. */
  makeDirectory?: DirectoryMaker;
}

const makeDirectory: DirectoryMaker = async (dir) => {
  await mkdir(dir, { recursive: true });
};

/**
 * Downloads an object whose size and ETag are known: ranged GETs in parallel (each pinned to the
 * ETag with `If-Match`, so an object replaced meanwhile fails with 412 rather than mixing two
 * versions), written with positioned writes into a temporary file next to `path`, verified, then
 * renamed over `path` (so `path` is never seen half-written) with the object's mtime. With
 * `resume`, the temporary file and its journal ({@link DownloadJournal}) outlive a failure, and
 * a later download of the same object fetches only the ranges they lack.
 */
export async function downloadKnownObject(
  ctx: EngineContext,
  job: DownloadJob,
): Promise<DownloadFileResult> {
  const { bucket, key, path, state, options } = job;
  await (job.makeDirectory ?? makeDirectory)(dirname(path));
  const partSize = options.partSize ?? chooseDownloadPartSize(state.size, ctx.config.concurrency);
  // An object without an ETag cannot be told from its replacement: never resumed.
  const opened =
    options.resume === true && state.etag !== undefined
      ? await DownloadJournal.open(path, {
          bucket,
          key,
          size: state.size,
          etag: state.etag,
          partSize,
        })
      : undefined;
  const journal = opened?.journal;
  const temp =
    journal?.temp ??
    join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
  const file = opened?.file ?? (await open(temp, 'wx'));
  try {
    const etagVerified = (options.verifyEtag ?? true) && isMd5Etag(state.etag);
    const plan = [...planParts(state.size, partSize)];
    const missing = plan.filter((part) => journal?.done.has(part.partNumber) !== true);
    for (const part of plan)
      if (journal?.done.has(part.partNumber) === true) job.progress.addBytes(part.length);
    // One range fetched whole (most objects): its MD5 is taken as it arrives, not read again.
    const hashInStream =
      etagVerified && state.size > 0 && state.size <= partSize && missing.length === plan.length;
    let parts = 0;
    let md5: string | undefined;
    await forEachConcurrent(
      missing,
      ctx.config.concurrency,
      async (part) => {
        parts++;
        md5 = await getRange(ctx, job, file, part, hashInStream);
        await journal?.partDone(file, part.partNumber);
      },
      options.signal,
    );
    // Every range wrote exactly its length and the ranges tile the object, so the file holds
    // `state.size` bytes: no stat needed.
    if (state.lastModified !== undefined) {
      await file.utimes(state.lastModified, state.lastModified);
    }
    await file.close();
    if (etagVerified && (hashInStream ? md5 : await md5File(temp)) !== state.etag) {
      throw new TransferError('EETAG_MISMATCH', `${job.key}: MD5 differs from ETag`, {
        key: job.key,
      });
    }
    await rename(temp, path);
    await journal?.remove();
    job.progress.fileDone();
    return { size: state.size, etag: state.etag, parts, etagVerified };
  } catch (err) {
    await file.close().catch(() => undefined);
    // Kept for the next run to resume, unless what it holds is wrong.
    if (journal === undefined || isBadContent(err)) {
      await rm(temp, { force: true });
      await journal?.remove();
    }
    throw err;
  }
}

/** A download whose bytes are wrong (not merely unfinished): nothing of it may be kept. */
function isBadContent(err: unknown): boolean {
  return isTransferError(err, 'EETAG_MISMATCH') || isTransferError(err, 'ESIZE_MISMATCH');
}

function sizeMismatch(key: string, expected: number, got: number): TransferError {
  return new TransferError('ESIZE_MISMATCH', `${key}: expected ${expected} bytes, got ${got}`, {
    key,
  });
}

/**
 * GETs one range into `file`; with `md5`, resolves with the hex MD5 of the range (each attempt
 * hashes afresh, so a retried range is not hashed twice).
 */
async function getRange(
  ctx: EngineContext,
  job: DownloadJob,
  file: FileHandle,
  part: PartRange,
  md5: boolean,
): Promise<string | undefined> {
  const { bucket, key, state } = job;
  return runRequest(ctx, {
    operation: 'GetObject',
    bucket,
    key,
    bytes: part.length,
    signal: job.options.signal,
    progress: job.progress,
    run: async (signal) => {
      const { body } = await ctx.client.getObject(bucket, key, {
        range: { start: part.start, end: part.start + part.length - 1 },
        ...(state.etag === undefined ? {} : { ifMatch: `"${state.etag}"` }),
        signal,
      });
      try {
        const writer = new PositionedWriter(file, part.start);
        const hash = md5 ? createHash('md5') : undefined;
        for await (const chunk of body) {
          const got = writer.written + (chunk as Buffer).length;
          // A server that sends more than the range asked for is as wrong as one that sends less.
          if (got > part.length) throw sizeMismatch(key, part.length, got);
          hash?.update(chunk as Buffer);
          await writer.write(chunk as Buffer);
        }
        await writer.flush();
        if (writer.written !== part.length) {
          throw sizeMismatch(key, part.length, writer.written);
        }
        return hash?.digest('hex');
      } finally {
        body.destroy();
      }
    },
  });
}
