import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { link, mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  BackendAccessDeniedError,
  BackendIoError,
  BodyStreamError,
  InsufficientStorageError,
  isBackendError,
} from '../errors.js';

/** Write buffer size: large enough that a disk sees big sequential writes. */
export const IO_CHUNK_BYTES = 256 * 1024;

/** Suffix of every temp file, so a sweep never touches anything else in `tmp/`. */
export const TEMP_SUFFIX = '.tmp';

/** The errno code of a Node system error, if it is one. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for an error raised by a system call (it has a `syscall`), that is by the backend. */
function isSystemError(err: unknown): boolean {
  return typeof (err as { syscall?: unknown } | null)?.syscall === 'string';
}

/** True when a stat/open failed because the path (or one of its parents) does not exist. */
export function isMissing(err: unknown): boolean {
  const code = errnoCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Translates a Node fs error into this package's typed errors. Our own typed errors, aborts and
 * argument errors pass through unchanged: an abort is the caller's decision, not a backend
 * failure.
 */
export function mapFsError(err: unknown, backend: string, what: string): unknown {
  if (isBackendError(err)) return err;
  if (err instanceof Error && err.name === 'AbortError') return err;
  // Programmer errors (bad arguments) are not backend failures either.
  if (err instanceof RangeError || err instanceof TypeError) return err;
  const options = { backend, cause: err };
  switch (errnoCode(err)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new InsufficientStorageError(`${what}: no space left on backend ${backend}`, options);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new BackendAccessDeniedError(`${what}: access denied on backend ${backend}`, options);
    default:
      return new BackendIoError(`${what} failed on backend ${backend}`, options);
  }
}

/** A fresh, unique temp file path in `tmpDir`. */
export function tempPath(tmpDir: string): string {
  return join(tmpDir, `${Date.now()}-${randomBytes(9).toString('base64url')}${TEMP_SUFFIX}`);
}

/** fsyncs a directory so a rename or create in it survives a power loss. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Where and how {@link writeAtomically} writes. */
export interface AtomicWrite {
  readonly tmpDir: string;
  readonly target: string;
  readonly fsync: boolean;
  /** Create missing parent directories of `target` (false: a missing parent is an error). */
  readonly createParents: boolean;
  /**
   * Never replace an existing `target`: publish with {@link publishExclusive} (fails with
   * `EEXIST`) instead of `rename` (which silently replaces). Blobs are always published this
   * way; only files meant to be replaced (a re-uploaded part) use `rename`.
   */
  readonly exclusive?: boolean;
  readonly signal?: AbortSignal | undefined;
  /** The backend's name, for errors. */
  readonly name: string;
}

/** What {@link writeAtomically} wrote. */
export interface WrittenFile {
  readonly size: number;
  /** Identifies this very file (inode, size, mtime): changes whenever the target is rewritten. */
  readonly token: string;
}

/** The identity token of a file, from its bigint stats. */
export function fileToken(st: { ino: bigint; size: bigint; mtimeNs: bigint }): string {
  return [st.ino, st.size, st.mtimeNs].map((n) => n.toString(36)).join('.');
}

/**
 * Moves a complete temp file to `target` unless `target` exists: `link(2)` is atomic and fails
 * with `EEXIST` where `rename(2)` would replace, so a committed blob can never be overwritten,
 * even by two writers racing on one name. The temp name is then dropped;
 * if that fails the file is still published, and the leftover link is swept with `tmp/`.
 *
 * @throws the `link` error (`EEXIST` when `target` exists); `tmp` is left for the caller.
 */
export async function publishExclusive(tmp: string, target: string): Promise<void> {
  await link(tmp, target);
  await unlink(tmp).catch(() => undefined);
}

/**
 * Streams `source` into a temp file, fsyncs it, moves it to `target` (creating parent
 * directories; see {@link AtomicWrite.exclusive}) and fsyncs the parent, so a reader sees the
 * whole file or none of it. On any error or abort the temp file is removed, `source` is
 * destroyed, and the error is rethrown.
 */
export async function writeAtomically(
  source: Readable | (() => AsyncIterable<Buffer>),
  write: AtomicWrite,
): Promise<WrittenFile> {
  const tmp = tempPath(write.tmpDir);
  let sink: WriteStream | undefined;
  // Which side failed first: the pipeline destroys the other with the same error.
  let failedFirst: 'body' | 'sink' | undefined;
  if (typeof source !== 'function') source.once('error', () => (failedFirst ??= 'body'));
  try {
    write.signal?.throwIfAborted();
    // flush: the stream fsyncs the file before closing it, and pipeline waits for the close.
    sink = createWriteStream(tmp, {
      flags: 'wx',
      flush: write.fsync,
      highWaterMark: IO_CHUNK_BYTES,
    });
    sink.once('error', () => (failedFirst ??= 'sink'));
    await pipeline(source, sink, { signal: write.signal });
    // rename and link keep the inode and mtime, so this token is the target's once in place.
    const st = await stat(tmp, { bigint: true });
    if (write.createParents) await mkdir(dirname(write.target), { recursive: true });
    if (write.exclusive === true) await publishExclusive(tmp, write.target);
    else await rename(tmp, write.target);
    if (write.fsync) await syncDir(dirname(write.target));
    return { size: Number(st.size), token: fileToken(st) };
  } catch (err) {
    if (typeof source !== 'function' && !source.destroyed) source.destroy();
    if (sink && !sink.closed) {
      // Wait for the fd to close (it may still be opening) so the unlink below is final.
      const closed = once(sink, 'close');
      sink.destroy();
      await closed.catch(() => undefined);
    }
    await rm(tmp, { force: true }).catch(() => undefined);
    // The caller's body failed (a client that went away, a digest check in a Transform): not a
    // backend failure, so it must not be reported as one (nor trip a breaker).
    const isAbort =
      (err instanceof Error && err.name === 'AbortError') ||
      (write.signal?.aborted === true && err === write.signal.reason);
    const fromBody =
      failedFirst === 'body' ||
      (typeof source !== 'function' && failedFirst === undefined && !isSystemError(err));
    if (fromBody && !isAbort) {
      throw new BodyStreamError(err, { backend: write.name });
    }
    throw err;
  }
}
