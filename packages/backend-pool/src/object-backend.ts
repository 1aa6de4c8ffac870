import type { Readable } from 'node:stream';

/** Inclusive byte range, as in an HTTP `Range: bytes=start-end` header. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Options every backend call accepts. */
export interface BackendCallOptions {
  /** Cancels the backend work (a client that disconnected, a deadline). */
  readonly signal?: AbortSignal;
}

/** Options for {@link ObjectBackend.list}. */
export interface BackendListOptions extends BackendCallOptions {
  /**
   * Lists only the blobs whose name after the prefix does not contain this string, as S3's
   * ListObjects `delimiter` does (the names it rolls up are not reported at all). The fs driver
   * keeps the names that agree up to their last `@` in one directory, so with `'@'` it reads
   * one directory instead of its whole tree.
   */
  readonly delimiter?: string;
}

/** Options for {@link ObjectBackend.put}. */
export interface BackendPutOptions extends BackendCallOptions {
  /** Declared body length, when known; a driver may use it to preallocate or to check. */
  readonly size?: number;
}

/** Options for {@link ObjectBackend.get}. */
export interface BackendGetOptions extends BackendCallOptions {
  /** Read only these bytes (inclusive); the whole blob when absent. */
  readonly range?: ByteRange;
}

/** What {@link ObjectBackend.head} knows about a stored blob. */
export interface BlobInfo {
  readonly blob: string;
  readonly size: number;
  readonly lastModified: Date;
}

/** A part handed to {@link ObjectBackend.completeMultipart}. */
export interface BackendPart {
  readonly partNumber: number;
  /** The token {@link ObjectBackend.uploadPart} returned for this part. */
  readonly token: string;
}

/**
 * A place bytes live: a local directory, an S3 bucket (+ prefix) on some endpoint.
 *
 * Blobs are immutable from the caller's point of view: Strata writes every object version to a
 * fresh blob name and never rewrites one that a committed object points to. Drivers make a blob
 * appear atomically (a reader sees the whole blob or none of it).
 *
 * Errors: a missing blob is {@link BlobNotFoundError}; any other failure is a driver error that a
 * circuit breaker counts. Drivers always consume or destroy the bodies they are given and return.
 */
export interface ObjectBackend {
  /** Stable name of this backend, as configured. */
  readonly name: string;
  /**
   * Streams `body` into `blob`; resolves with the number of bytes stored once durable. Never
   * replaces an existing blob (callers always write fresh names): a driver that can tell rejects
   * instead (the fs driver with `BackendIoError`, cause `EEXIST`; the S3 driver with
   * `BackendIoError`, cause a 412, on services that honour `If-None-Match: *`).
   */
  put(blob: string, body: Readable, options?: BackendPutOptions): Promise<{ size: number }>;
  /**
   * Opens a read stream over the blob (or a range of it). Rejects with BlobNotFoundError. The
   * stream already has an `'error'` listener : it may fail before its reader
   * attaches one, and the reader still sees the failure through `pipeline()` (see `guardStream`).
   */
  get(blob: string, options?: BackendGetOptions): Promise<Readable>;
  /** Size and time of a blob, or `undefined` when it does not exist. */
  head(blob: string, options?: BackendCallOptions): Promise<BlobInfo | undefined>;
  /** Deletes a blob; deleting a missing blob succeeds (idempotent). */
  delete(blob: string, options?: BackendCallOptions): Promise<void>;
  /** Starts a backend-native multipart upload that will become `blob`; returns its upload id. */
  createMultipart(blob: string, options?: BackendCallOptions): Promise<{ uploadId: string }>;
  /**
   * Streams one part. Re-uploading a part number replaces it. Resolves with the part's size and
   * an opaque token to hand back at completion.
   */
  uploadPart(
    blob: string,
    uploadId: string,
    partNumber: number,
    body: Readable,
    options?: BackendPutOptions,
  ): Promise<{ size: number; token: string }>;
  /**
   * Assembles the listed parts, in the order given, into `blob` (atomically visible). Never
   * replaces an existing `blob`: when a concurrent completion of the same upload published it
   * first, rejects with UploadNotFoundError, as for an upload that is gone. (The S3 driver takes
   * parts in ascending order only, rejecting any other with InvalidPartError, and cannot keep
   * this promise: see its README section.)
   */
  completeMultipart(
    blob: string,
    uploadId: string,
    parts: readonly BackendPart[],
    options?: BackendCallOptions,
  ): Promise<void>;
  /** Discards an upload and its parts; aborting a missing upload succeeds (idempotent). */
  abortMultipart(blob: string, uploadId: string, options?: BackendCallOptions): Promise<void>;
  /**
   * Lists blobs whose names start with `prefix` (and, with a `delimiter`, contain it nowhere
   * after the prefix), in byte order: for reconciliation, GC and degraded reads.
   */
  list(prefix: string, options?: BackendListOptions): AsyncIterable<BlobInfo>;
  /** Releases resources (file handles, sockets). Idempotent. */
  close(): Promise<void>;
}

/**
 * Optional capability: a backend that can copy a blob to a new blob without streaming it through
 * the gateway (fs: reflink/copy_file_range; S3: CopyObject/UploadPartCopy).
 */
export interface CopyCapableBackend extends ObjectBackend {
  copy(
    sourceBlob: string,
    targetBlob: string,
    options?: BackendCallOptions,
  ): Promise<{ size: number }>;
}

/** True when `backend` implements {@link CopyCapableBackend.copy}. */
export function isCopyCapable(backend: ObjectBackend): backend is CopyCapableBackend {
  return typeof (backend as Partial<CopyCapableBackend>).copy === 'function';
}
