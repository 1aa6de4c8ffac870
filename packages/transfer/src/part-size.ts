import { choosePartSize } from '@strata/s3-client';

const MiB = 1024 * 1024;

/** Smallest part size {@link chooseUploadPartSize} picks: 8 MiB. */
export const MIN_UPLOAD_PART_SIZE = 8 * MiB;
/** Largest part size {@link chooseUploadPartSize} picks, unless 10 000 parts need more: 256 MiB. */
export const MAX_UPLOAD_PART_SIZE = 256 * MiB;
/** Smallest range {@link chooseDownloadPartSize} picks: 8 MiB. */
export const MIN_DOWNLOAD_PART_SIZE = 8 * MiB;

/** S3's largest object: 5 TiB. */
const MAX_OBJECT_SIZE = 5 * 1024 ** 4;

/** One part of a file: bytes `start` to `start + length - 1`. */
export interface PartRange {
  /** 1-based, as S3 numbers parts. */
  partNumber: number;
  /** Offset of its first byte. */
  start: number;
  /** Bytes in it. */
  length: number;
}

function positiveInt(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}

/**
 * The part size of a multipart upload of `fileSize` bytes with `concurrency` parts in flight:
 * about `2 × concurrency` parts (a queue deeper than the workers hides the variable latency of
 * PUTs), in whole MiB, clamped to 8 MiB..256 MiB, and grown past 256 MiB (by `choosePartSize`
 * of `@strata/s3-client`) only when 10 000 parts of 256 MiB would not hold the file.
 * The result never needs more than 10 000 parts.
 *
 * @throws RangeError for a negative size, a `concurrency` below 1, or a file over S3's 5 TiB.
 */
export function chooseUploadPartSize(fileSize: number, concurrency: number): number {
  if (!Number.isSafeInteger(fileSize) || fileSize < 0) {
    throw new RangeError(`fileSize must be a non-negative integer, got ${fileSize}`);
  }
  positiveInt('concurrency', concurrency);
  if (fileSize > MAX_OBJECT_SIZE) {
    throw new RangeError(`${fileSize} bytes is over S3's largest object (5 TiB)`);
  }
  const target = Math.ceil(fileSize / (2 * concurrency) / MiB) * MiB;
  const clamped = Math.min(MAX_UPLOAD_PART_SIZE, Math.max(MIN_UPLOAD_PART_SIZE, target));
  return choosePartSize(clamped, fileSize);
}

/**
 * The range size of a parallel download of `size` bytes with `concurrency` ranges in flight:
 * one range per stream (the server starts sending at once, so fewer, longer ranges win), at
 * least 8 MiB, and no upper cap (S3 has no limit on a range).
 *
 * @throws RangeError for a negative size or a `concurrency` below 1.
 */
export function chooseDownloadPartSize(size: number, concurrency: number): number {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`size must be a non-negative integer, got ${size}`);
  }
  positiveInt('concurrency', concurrency);
  return Math.max(MIN_DOWNLOAD_PART_SIZE, Math.ceil(size / concurrency / MiB) * MiB);
}

/**
 * Splits `size` bytes into parts of `partSize` (the last one shorter), lazily: a 10 000-part
 * plan is never held as an array. A size of 0 has no parts.
 *
 * @throws RangeError for a `partSize` below 1.
 */
export function* planParts(size: number, partSize: number): Generator<PartRange, void, undefined> {
  positiveInt('partSize', partSize);
  for (let start = 0, n = 1; start < size; start += partSize, n++) {
    yield { partNumber: n, start, length: Math.min(partSize, size - start) };
  }
}
