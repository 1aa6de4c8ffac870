import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** Bytes in the repeated random block every body is cut from. */
export const PATTERN_BLOCK_SIZE = 1024 * 1024;

const BLOCK = randomBytes(PATTERN_BLOCK_SIZE);

/**
 * A readable stream of exactly `size` pseudo-random bytes, made by repeating one random 1 MiB
 * block, so a 5 GiB body costs 1 MiB of memory and almost no CPU to produce. Random rather than
 * zeros so no server can win by compressing. Backpressure comes for free from `Readable.from`.
 * `start` is where in the block the body begins (the soak gives each PUT its own, so two PUTs
 * of one key and size still differ).
 */
export function createPatternStream(size: number, chunkSize = 256 * 1024, start = 0): Readable {
  return Readable.from(patternChunks(size, start, chunkSize), { objectMode: false });
}

/**
 * The chunks of {@link createPatternStream}: views into the block (never copies), at most
 * `chunkSize` bytes each, `size` bytes in all, starting `start` bytes into the block.
 */
export function* patternChunks(size: number, start = 0, chunkSize = 256 * 1024): Generator<Buffer> {
  const step = Math.max(1, Math.min(chunkSize, BLOCK.length));
  let left = size;
  let offset = start % BLOCK.length;
  while (left > 0) {
    const n = Math.min(step, left, BLOCK.length - offset);
    yield BLOCK.subarray(offset, offset + n);
    left -= n;
    offset = (offset + n) % BLOCK.length;
  }
}

/**
 * The MD5 (hex) of the `size` bytes {@link createPatternStream} yields from `start`: what a GET
 * of an object PUT from that stream must hash to. Costs one MD5 pass (~1.3 s per GiB).
 */
export function patternMd5(size: number, start = 0): string {
  const hash = createHash('md5');
  for (const chunk of patternChunks(size, start, PATTERN_BLOCK_SIZE)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * A small body (4 KiB, 64 KiB) as a Buffer: small objects are sent from memory. A view into the
 * block from `start`; `start + size` must not exceed {@link PATTERN_BLOCK_SIZE}.
 */
export function smallBody(size: number, start = 0): Buffer {
  if (start + size > BLOCK.length) {
    throw new RangeError(`smallBody: ${start} + ${size} exceeds the ${BLOCK.length}-byte block`);
  }
  return BLOCK.subarray(start, start + size);
}
