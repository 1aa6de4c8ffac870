import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

const BLOCK = randomBytes(1024 * 1024);

/**
 * A readable stream of exactly `size` pseudo-random bytes, made by repeating one random 1 MiB
 * block, so a 5 GiB body costs 1 MiB of memory and almost no CPU to produce. Random rather than
 * zeros so no server can win by compressing. Backpressure comes for free from `Readable.from`.
 */
export function createPatternStream(size: number, chunkSize = 256 * 1024): Readable {
  return Readable.from(generate(size, Math.min(chunkSize, BLOCK.length)), { objectMode: false });
}

function* generate(size: number, chunkSize: number): Generator<Buffer> {
  let left = size;
  let offset = 0;
  while (left > 0) {
    const n = Math.min(chunkSize, left, BLOCK.length - offset);
    yield BLOCK.subarray(offset, offset + n);
    left -= n;
    offset = (offset + n) % BLOCK.length;
  }
}

/** A small body (4 KiB, 64 KiB) as a Buffer: small objects are sent from memory. */
export function smallBody(size: number): Buffer {
  return BLOCK.subarray(0, size);
}
