import type { ByteRange } from '../object-backend.js';

/**
 * Checks a range handed to `get`: whole, non-negative, `end >= start` (both inclusive). A range
 * that starts past the end of the blob is valid and reads nothing, in every driver.
 *
 * @throws RangeError for anything else (a caller bug, not a backend failure).
 */
export function assertByteRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid byte range ${start}-${end}`);
  }
}
