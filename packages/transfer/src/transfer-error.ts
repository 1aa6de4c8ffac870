/** Brand set on every {@link TransferError}; a registered symbol, so it survives duplicate copies. */
const BRAND: unique symbol = Symbol.for('strata.transfer-error');

/** Why a transfer failed, beyond the S3 and transport errors of `@strata/s3-client`. */
export const TRANSFER_ERROR_CODES = [
  /** A local file changed (size or mtime) while it was uploaded; nothing was committed. */
  'ESOURCE_CHANGED',
  /** A request took longer than its adaptive timeout on every attempt. */
  'ETIMEDOUT_REQUEST',
  /** A download did not produce the object's size (a short or long body). */
  'ESIZE_MISMATCH',
  /** A downloaded single-part object's MD5 differs from its ETag. */
  'EETAG_MISMATCH',
  /** An object key that cannot be a path under the target directory (`..`, `//`, absolute). */
  'EUNSAFE_KEY',
  /** A listing (local or remote) came out of byte order, so a sync cannot compare it safely. */
  'EUNSORTED_LISTING',
  /** Not a regular file. */
  'ENOT_FILE',
] as const;

/** One of {@link TRANSFER_ERROR_CODES}. */
export type TransferErrorCode = (typeof TRANSFER_ERROR_CODES)[number];

/**
 * A transfer failure with a stable `code` (see {@link TRANSFER_ERROR_CODES}). S3 error replies
 * and connection failures keep their own types (`S3ClientError`, `S3TransportError`).
 *
 * @example
 * ```ts
 * try { await engine.uploadFile('db.tar', 'backups', 'db.tar'); }
 * catch (err) { if (isTransferError(err, 'ESOURCE_CHANGED')) console.log('retry later'); else throw err; }
 * ```
 */
export class TransferError extends Error {
  /** Brand checked by {@link isTransferError}. */
  readonly [BRAND] = true as const;
  /** What went wrong. */
  readonly code: TransferErrorCode;
  /** The object key concerned. */
  readonly key: string | undefined;
  /** Attempts made, for `ETIMEDOUT_REQUEST`. */
  readonly attempts: number;

  constructor(
    code: TransferErrorCode,
    message: string,
    options: { key?: string; attempts?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'TransferError';
    this.code = code;
    this.key = options.key;
    this.attempts = options.attempts ?? 1;
  }
}

/** Whether `value` is a {@link TransferError} (from any copy of this package), optionally with `code`. */
export function isTransferError(value: unknown, code?: TransferErrorCode): value is TransferError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return code === undefined || (value as TransferError).code === code;
}
