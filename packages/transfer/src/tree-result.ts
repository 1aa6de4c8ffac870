/** One file or object a tree operation could not transfer; the others went on. */
export interface TransferFailure {
  /** The object key. */
  key: string;
  /** The local path, for operations with a local side. */
  path?: string;
  /** Why it failed (a `TransferError`, `S3ClientError`, `S3TransportError`, a file system error…). */
  error: unknown;
}

/** Result of a tree operation (`uploadDirectory`, `downloadPrefix`, `copyPrefix`). */
export interface TreeTransferResult {
  /** Files (objects) transferred. */
  files: number;
  /** Bytes transferred. */
  bytes: number;
  /** What failed, each with its error; empty when everything went. */
  failed: TransferFailure[];
}
