import { mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BackendUnavailableError, BlobNotFoundError } from './errors.js';
import { assertByteRange } from './internal/byte-range.js';
import { copyBlob } from './internal/fs-copy.js';
import { listBlobs } from './internal/fs-list.js';
import {
  IO_CHUNK_BYTES,
  TEMP_SUFFIX,
  isMissing,
  mapFsError,
  writeAtomically,
} from './internal/fs-io.js';
import { blobPath, blobPaths, createLayout } from './internal/fs-layout.js';
import { migrateLayout } from './internal/fs-migrate.js';
import type { FsLayout } from './internal/fs-layout.js';
import {
  completeUpload,
  createUpload,
  removeUpload,
  sweepUploads,
  writePart,
} from './internal/fs-multipart.js';
import type {
  BackendCallOptions,
  BackendGetOptions,
  BackendListOptions,
  BackendPart,
  BackendPutOptions,
  BlobInfo,
  CopyCapableBackend,
} from './object-backend.js';
import { guardStream } from './guard-stream.js';

/** Configuration of {@link createFsBackend}. */
export interface FsBackendConfig {
  /** The backend's configured name (appears in errors and metrics). */
  readonly name: string;
  /** Directory that holds `blobs/`, `tmp/` and `uploads/`; created on first use. */
  readonly root: string;
  /**
   * fsync every file and its directory before a write resolves (default true). Turn off only
   * for throwaway data: without it a power loss can lose blobs that were reported durable.
   */
  readonly fsync?: boolean;
}

/** A local-directory backend. */
export interface FsBackend extends CopyCapableBackend, AsyncDisposable {
  /** Absolute path of the backend's root directory. */
  readonly root: string;
  /**
   * Deletes temp files older than `olderThanMs` left behind by a crash mid-write (call at
   * startup, before serving). Resolves with the number of files removed.
   */
  sweepTemp(olderThanMs: number): Promise<number>;
  /**
   * Deletes multipart uploads (and their parts) created more than `olderThanMs` ago for which
   * `isKnown(uploadId)` resolves false: a crash between `createMultipart` and the caller
   * recording the upload id leaves an upload nobody can reach. `isKnown` is asked about old
   * uploads only, so `olderThanMs` must exceed the time a caller takes to record a new upload
   * (minutes are plenty). Typical `isKnown`:
   * `(id) => store.uploads.hasBackendUpload(backend.name, id)`. Resolves with the number removed.
   */
  sweepUploads(
    olderThanMs: number,
    isKnown: (uploadId: string) => Promise<boolean>,
  ): Promise<number>;
  /**
   * The move of a directory written in an earlier layout to this one, which the first call
   * after opening starts and which runs behind the calls (they find a blob at its old or new
   * path meanwhile; only `list` with a delimiter may miss blobs not moved yet). Resolves with
   * the number of blobs moved (0 once a directory is in this layout); rejects with the fs error
   * that stopped it, and the next open tries again.
   */
  migrated(): Promise<number>;
}

/**
 * Creates a backend that stores blobs as files under `config.root`.
 *
 * Any string is a valid blob name (it is hashed and base64url-encoded into a path, so `..`, `/`
 * and 1 KiB keys are safe). Writes stream into `tmp/`, are fsynced and renamed into place, so a
 * blob appears whole or not at all; a failed or aborted write leaves no file. Errors: a missing
 * blob is `BlobNotFoundError`, a full disk `InsufficientStorageError`, a permission problem
 * `BackendAccessDeniedError`, anything else `BackendIoError` (with the fs error as `cause`).
 *
 * @example
 * ```ts
 * await using fs = createFsBackend({ name: 'local', root: '/var/lib/strata' });
 * await fs.put('photos/cat.jpg@01J', createReadStream('cat.jpg'));
 * const body = await fs.get('photos/cat.jpg@01J', { range: { start: 0, end: 1023 } });
 * ```
 */
export function createFsBackend(config: FsBackendConfig): FsBackend {
  return new LocalDirectoryBackend(createLayout(config.name, config.root, config.fsync ?? true));
}

class LocalDirectoryBackend implements FsBackend {
  readonly #layout: FsLayout;
  #ready: Promise<void> | undefined;
  /** The layout move started by `#init` (see {@link FsBackend.migrated}). */
  #migration: Promise<number> | undefined;
  /** Stops the layout move when the backend closes. */
  readonly #stop = new AbortController();
  #closed = false;

  constructor(layout: FsLayout) {
    this.#layout = layout;
  }

  get name(): string {
    return this.#layout.name;
  }

  get root(): string {
    return this.#layout.root;
  }

  async put(blob: string, body: Readable, options?: BackendPutOptions): Promise<{ size: number }> {
    return this.#run('put', body, options?.signal, async () => {
      const target = blobPath(this.#layout, blob);
      // Blob names are fresh for every write: one that exists already is a bug to surface.
      const write = {
        ...this.#layout,
        target,
        createParents: true,
        exclusive: true,
        signal: options?.signal,
      };
      const { size } = await writeAtomically(body, write);
      return { size };
    });
  }

  async get(blob: string, options?: BackendGetOptions): Promise<Readable> {
    return this.#run('get', undefined, options?.signal, async () => {
      const range = options?.range;
      if (range) assertByteRange(range);
      // Open first, so a missing blob rejects here rather than as a stream error later.
      const handle = await this.#openBlob(blob, 'r');
      return guardStream(
        handle.createReadStream({
          start: range?.start,
          end: range?.end,
          highWaterMark: IO_CHUNK_BYTES,
          signal: options?.signal,
        }),
      );
    });
  }

  async head(blob: string, options?: BackendCallOptions): Promise<BlobInfo | undefined> {
    return this.#run('head', undefined, options?.signal, async () => {
      for (const path of blobPaths(this.#layout, blob)) {
        try {
          const st = await stat(path);
          return { blob, size: st.size, lastModified: st.mtime };
        } catch (err) {
          if (!isMissing(err)) throw err;
        }
      }
      return undefined;
    });
  }

  async delete(blob: string, options?: BackendCallOptions): Promise<void> {
    return this.#run('delete', undefined, options?.signal, async () => {
      for (const path of blobPaths(this.#layout, blob)) {
        try {
          await unlink(path);
          return;
        } catch (err) {
          if (!isMissing(err)) throw err;
        }
      }
    });
  }

  async copy(
    sourceBlob: string,
    targetBlob: string,
    options?: BackendCallOptions,
  ): Promise<{ size: number }> {
    return this.#run('copy', undefined, options?.signal, () =>
      copyBlob(this.#layout, sourceBlob, targetBlob),
    );
  }

  async createMultipart(blob: string, options?: BackendCallOptions): Promise<{ uploadId: string }> {
    return this.#run('createMultipart', undefined, options?.signal, async () => {
      return { uploadId: await createUpload(this.#layout, blob) };
    });
  }

  async uploadPart(
    blob: string,
    uploadId: string,
    partNumber: number,
    body: Readable,
    options?: BackendPutOptions,
  ): Promise<{ size: number; token: string }> {
    return this.#run('uploadPart', body, options?.signal, () =>
      writePart(this.#layout, blob, uploadId, partNumber, body, options?.signal),
    );
  }

  async completeMultipart(
    blob: string,
    uploadId: string,
    parts: readonly BackendPart[],
    options?: BackendCallOptions,
  ): Promise<void> {
    return this.#run('completeMultipart', undefined, options?.signal, () =>
      completeUpload(this.#layout, blob, uploadId, parts, options?.signal),
    );
  }

  async abortMultipart(
    _blob: string,
    uploadId: string,
    options?: BackendCallOptions,
  ): Promise<void> {
    return this.#run('abortMultipart', undefined, options?.signal, async () => {
      await removeUpload(this.#layout, uploadId);
    });
  }

  async *list(prefix: string, options?: BackendListOptions): AsyncIterable<BlobInfo> {
    yield* await this.#run('list', undefined, options?.signal, () =>
      listBlobs(this.#layout.blobsDir, prefix, options),
    );
  }

  async sweepTemp(olderThanMs: number): Promise<number> {
    return this.#run('sweepTemp', undefined, undefined, async () => {
      const cutoff = Date.now() - olderThanMs;
      let removed = 0;
      for (const entry of await readdir(this.#layout.tmpDir)) {
        if (!entry.endsWith(TEMP_SUFFIX)) continue;
        const path = join(this.#layout.tmpDir, entry);
        try {
          if ((await stat(path)).mtimeMs < cutoff) {
            await unlink(path);
            removed++;
          }
        } catch (err) {
          // A write that finished (renamed its temp file) while we looked: nothing to sweep.
          if (!isMissing(err)) throw err;
        }
      }
      return removed;
    });
  }

  async sweepUploads(
    olderThanMs: number,
    isKnown: (uploadId: string) => Promise<boolean>,
  ): Promise<number> {
    return this.#run('sweepUploads', undefined, undefined, () =>
      sweepUploads(this.#layout, olderThanMs, isKnown),
    );
  }

  async close(): Promise<void> {
    // Nothing is held open between calls (every call opens and closes its own files) but the
    // layout move, which is stopped and waited for: nothing touches the directory after this.
    this.#closed = true;
    this.#stop.abort();
    await this.#ready?.catch(() => undefined);
    await this.#migration?.catch(() => undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #openBlob(blob: string, flags: string) {
    for (const path of blobPaths(this.#layout, blob)) {
      try {
        return await open(path, flags);
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
    throw new BlobNotFoundError(blob, { backend: this.name });
  }

  /** Checks the backend is open, creates the directories once, and maps fs errors. */
  async #run<T>(
    op: string,
    body: Readable | undefined,
    signal: AbortSignal | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      if (this.#closed) throw new BackendUnavailableError(`backend ${this.name} is closed`);
      await this.#init();
      signal?.throwIfAborted();
      return await fn();
    } catch (err) {
      // The contract: a driver always consumes or destroys the body it is given.
      body?.destroy();
      // An abort carries the caller's reason unchanged: it is the caller's decision, not an error.
      if (signal?.aborted === true && err === signal.reason) throw err;
      throw mapFsError(err, this.name, op);
    }
  }

  migrated(): Promise<number> {
    return this.#run('migrate', undefined, undefined, () => this.#migration ?? Promise.resolve(0));
  }

  /** Creates the directories and starts the move of a layout-1 directory, once. */
  #init(): Promise<void> {
    this.#ready ??= (async () => {
      const { blobsDir, tmpDir, uploadsDir } = this.#layout;
      await Promise.all(
        [blobsDir, tmpDir, uploadsDir].map((dir) => mkdir(dir, { recursive: true })),
      );
      if (this.#closed) return;
      const migration = migrateLayout(this.#layout, this.#stop.signal);
      // Its failure is `migrated()`'s to report, never an unhandled rejection.
      migration.catch(() => undefined);
      this.#migration = migration;
    })().catch((err: unknown) => {
      // Let the next call try again (the directory may be fixed by then).
      this.#ready = undefined;
      throw err;
    });
    return this.#ready;
  }
}
