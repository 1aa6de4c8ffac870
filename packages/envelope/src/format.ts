/**
 * The envelope format, version 1. A stored blob is one or more segments (one per single PUT, one
 * per part of a multipart object, in part order). A segment is a fixed-size header followed by
 * chunk frames:
 *
 * ```text
 * segment = header (HEADER_SIZE bytes) frame* last-frame
 * frame   = u32 BE (last flag << 31 | plaintext length) ‖ ciphertext (length bytes) ‖ GCM tag (16)
 * ```
 *
 * Every frame but the last of its segment holds exactly `chunkSize` plaintext bytes, so the
 * offset of any chunk follows from the segment sizes alone and a range is read without touching
 * the chunks around it. The last frame carries the flag, so a segment cut short is detected.
 */

/** The four bytes every segment starts with: `STRE`. */
export const ENVELOPE_MAGIC = Buffer.from('STRE', 'latin1');
/** The format version this package writes and reads. */
export const ENVELOPE_VERSION = 1;
/** Bytes of a segment header. */
export const HEADER_SIZE = 160;
/** Bytes of a frame's length word. */
export const FRAME_PREFIX_SIZE = 4;
/** Bytes of a GCM authentication tag. */
export const TAG_SIZE = 16;
/** Bytes a frame adds to its plaintext. */
export const FRAME_OVERHEAD = FRAME_PREFIX_SIZE + TAG_SIZE;
/** The chunk size used when none is given: 64 KiB. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;
/** The smallest chunk size accepted: 1 KiB (smaller wastes more on framing than it saves). */
export const MIN_CHUNK_SIZE = 1024;
/** The largest chunk size accepted: 16 MiB (a chunk is held whole in memory). */
export const MAX_CHUNK_SIZE = 16 * 1024 * 1024;

/** Frames in a segment of `plainSize` bytes: at least one, as an empty segment has a last frame. */
export function chunkCount(plainSize: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(plainSize / chunkSize));
}

/**
 * Stored bytes of a segment of `plainSize` plaintext bytes: its header, its plaintext, and the
 * frame overhead of each chunk.
 */
export function encryptedSize(plainSize: number, chunkSize: number): number {
  return HEADER_SIZE + plainSize + FRAME_OVERHEAD * chunkCount(plainSize, chunkSize);
}

/** Stored bytes of a blob made of segments of these plaintext sizes, in order. */
export function encryptedBlobSize(plainSizes: readonly number[], chunkSize: number): number {
  return plainSizes.reduce((sum, size) => sum + encryptedSize(size, chunkSize), 0);
}

/** @throws RangeError when `chunkSize` is not an integer within the accepted bounds. */
export function assertChunkSize(chunkSize: number): void {
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new RangeError(
      `chunk size must be an integer from ${MIN_CHUNK_SIZE} to ${MAX_CHUNK_SIZE} bytes, got ${chunkSize}`,
    );
  }
}
