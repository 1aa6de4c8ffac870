/** Brand set on every {@link S3PartLimitError}. */
const BRAND: unique symbol = Symbol.for('strata.s3-part-limit-error');

/** The setting that decides the part size of a body of unknown size, so the one to raise. */
export type PartSizeSetting = 'partSize' | 'maxTransferMemory';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

const RAISE: Readonly<Record<PartSizeSetting, string>> = {
  partSize: 'partSize (up to the client maxTransferMemory)',
  maxTransferMemory: 'the client maxTransferMemory (or lower concurrency)',
};

function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
  return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${bytes} bytes`;
}

/**
 * `upload` of a stream of unknown size ran out of parts: S3 assembles at most `maxParts`
 * (10 000) parts, and this body is longer than `maxParts × partSize`. Thrown before the part
 * past the limit is sent; the multipart upload is aborted as for any failure.
 *
 * `setting` names what to raise: `partSize` (when the call gave one) or the client's
 * `maxTransferMemory` (the default part size is what `concurrency + 1` parts leave of it).
 * Giving `contentLength` also works: a known size picks the part size it needs.
 */
export class S3PartLimitError extends Error {
  /** Brand checked by {@link isS3PartLimitError}. */
  readonly [BRAND] = true as const;
  readonly code = 'EPART_LIMIT' as const;
  /** Bytes per part of this upload. */
  readonly partSize: number;
  /** Parts S3 accepts in one upload. */
  readonly maxParts: number;
  /** What to raise for a body this long. */
  readonly setting: PartSizeSetting;

  constructor(partSize: number, maxParts: number, setting: PartSizeSetting) {
    super(
      `a body of unknown size needs more than ${maxParts} parts of ${formatBytes(partSize)} ` +
        `(${formatBytes(partSize * maxParts)}): raise ${RAISE[setting]}, or give contentLength`,
    );
    this.name = 'S3PartLimitError';
    this.partSize = partSize;
    this.maxParts = maxParts;
    this.setting = setting;
  }
}

/** Whether `value` is an {@link S3PartLimitError}. */
export function isS3PartLimitError(value: unknown): value is S3PartLimitError {
  return (
    typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true
  );
}
