/** The S3 operations the engine sends, as named in {@link RequestEvent}. */
export const TRANSFER_OPERATIONS = [
  'PutObject',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'HeadObject',
  'GetObject',
  'ListObjectsV2',
  'DeleteObjects',
  'CopyObject',
  'UploadPartCopy',
  'ListMultipartUploads',
  'ListParts',
] as const;

/** One of {@link TRANSFER_OPERATIONS}. */
export type TransferOperation = (typeof TRANSFER_OPERATIONS)[number];

/** One finished (successful) request, passed to `onRequest`. */
export interface RequestEvent {
  /** The S3 operation. */
  operation: TransferOperation;
  /** The bucket it went to. */
  bucket: string;
  /** The object key (the first key of a DeleteObjects batch, the prefix of a listing). */
  key: string;
  /** Payload bytes the request moved (0 for metadata requests). */
  bytes: number;
  /** Duration of the attempt that succeeded, ms. */
  durationMs: number;
  /** Duration of all attempts, backoff included, ms. */
  totalMs: number;
  /** Which attempt succeeded (1 for the first). */
  attempt: number;
}

/**
 * Aggregate progress of one call, passed to `onProgress` after every request that moved bytes
 * and every finished file. In tree operations the totals grow as the listing proceeds (work
 * starts before the listing ends); `totalsFinal` says when they stopped growing.
 */
export interface TransferProgress {
  /** Bytes of requests that succeeded (a retried part counts once). */
  bytesDone: number;
  /** Bytes of every file found so far. */
  bytesTotal: number;
  /** Files finished. */
  filesDone: number;
  /** Files found so far. */
  filesTotal: number;
  /** Whether the listing (or walk) has ended, so the totals are final. */
  totalsFinal: boolean;
}

/** Per-call progress callback. */
export type ProgressListener = (progress: TransferProgress) => void;

/** One file (object) a tree operation or a sync transferred, passed to `onFile`. */
export interface FileEvent {
  /** The object key: where the file went, where it came from, or (for a copy) the source key. */
  key: string;
  /** The local path, for operations with a local side. */
  path: string | undefined;
  /** Bytes transferred. */
  bytes: number;
  /** From the start of this file's first request to its end, ms. */
  durationMs: number;
}

/** Per-file callback of tree operations and sync: called once per file transferred. Must not throw. */
export type FileListener = (event: FileEvent) => void;
