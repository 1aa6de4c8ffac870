import { FRAME_OVERHEAD, HEADER_SIZE, encryptedSize } from './format.js';

/** What to read from the stored blob for a plaintext range, and how to decrypt it. */
export interface RangePlan {
  /** First stored byte to read (a frame's start). */
  readonly cipherStart: number;
  /** Last stored byte to read, inclusive (a frame's end). */
  readonly cipherEnd: number;
  /** Index of the segment the read starts in (into the sizes given). */
  readonly segment: number;
  /** Index of the chunk, within that segment, the read starts at. */
  readonly chunkIndex: number;
  /** Plaintext bytes of that chunk before the range. */
  readonly skip: number;
  /** Plaintext bytes of the range. */
  readonly length: number;
}

/**
 * Plans the read of plaintext bytes `start..end` (inclusive) of a blob whose segments hold
 * `plainSizes` plaintext bytes each, in order: the stored bytes to fetch are the frames the
 * range touches and the headers of the segments it enters, nothing else.
 *
 * @throws RangeError when the range is empty, reversed or outside the plaintext.
 */
export function planRange(
  plainSizes: readonly number[],
  chunkSize: number,
  start: number,
  end: number,
): RangePlan {
  const total = plainSizes.reduce((sum, size) => sum + size, 0);
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    end < start ||
    end >= total
  ) {
    throw new RangeError(`range ${start}-${end} is not within ${total} plaintext bytes`);
  }
  const first = locate(plainSizes, chunkSize, start);
  const last = locate(plainSizes, chunkSize, end);
  const frameStored = (chunk: number, plainSize: number) =>
    Math.min(chunkSize, plainSize - chunk * chunkSize) + FRAME_OVERHEAD;
  return {
    cipherStart: first.segmentOffset + HEADER_SIZE + first.chunk * (chunkSize + FRAME_OVERHEAD),
    cipherEnd:
      last.segmentOffset +
      HEADER_SIZE +
      last.chunk * (chunkSize + FRAME_OVERHEAD) +
      frameStored(last.chunk, plainSizes[last.segment]!) -
      1,
    segment: first.segment,
    chunkIndex: first.chunk,
    skip: first.within - first.chunk * chunkSize,
    length: end - start + 1,
  };
}

/** The segment, its stored offset, the chunk and the offset within the segment of a plaintext byte. */
function locate(plainSizes: readonly number[], chunkSize: number, position: number) {
  let segmentOffset = 0;
  let plainOffset = 0;
  for (let segment = 0; segment < plainSizes.length; segment++) {
    const size = plainSizes[segment]!;
    if (position < plainOffset + size) {
      const within = position - plainOffset;
      return { segment, segmentOffset, within, chunk: Math.floor(within / chunkSize) };
    }
    plainOffset += size;
    segmentOffset += encryptedSize(size, chunkSize);
  }
  throw new RangeError(`byte ${position} is past the plaintext`);
}
