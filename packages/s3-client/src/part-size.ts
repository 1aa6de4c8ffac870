const MiB = 1024 * 1024;

/** S3's smallest part (every part but the last). */
export const MIN_PART_SIZE = 5 * MiB;
/** S3's largest part. */
export const MAX_PART_SIZE = 5 * 1024 * MiB;
/** S3's most parts per upload. */
export const MAX_PARTS = 10_000;
/** Default part size of `upload`: 8 MiB, grown for large known sizes. */
export const DEFAULT_PART_SIZE = 8 * MiB;

/**
 * The part size for an upload: `requested`, grown (in whole MiB) when an object of
 * `totalSize` bytes would otherwise need more than {@link MAX_PARTS} parts.
 *
 * @throws RangeError when `requested` is outside S3's 5 MiB to 5 GiB, or `totalSize` cannot
 *   fit in 10 000 parts of 5 GiB.
 */
export function choosePartSize(requested: number, totalSize: number | undefined): number {
  if (!Number.isInteger(requested) || requested < MIN_PART_SIZE || requested > MAX_PART_SIZE) {
    throw new RangeError(`partSize must be an integer from 5 MiB to 5 GiB, got ${requested}`);
  }
  if (totalSize === undefined) return requested;
  const needed = Math.ceil(totalSize / MAX_PARTS);
  if (needed <= requested) return requested;
  const grown = Math.ceil(needed / MiB) * MiB;
  if (grown > MAX_PART_SIZE) {
    throw new RangeError(`${totalSize} bytes do not fit in ${MAX_PARTS} parts of 5 GiB`);
  }
  return grown;
}
