import { MiB } from '../scenarios/scenario.js';

/** One write into a stream: `length` bytes of a buffer, from `offset`. */
export type Piece = { readonly offset: number; readonly length: number };

/** The smallest write: a socket read under load. */
export const PIECE_MIN = 64 * 1024;
/** The largest write: a large file read. */
export const PIECE_MAX = MiB;

/**
 * Lengths of writes covering exactly `total` bytes, each drawn from {@link PIECE_MIN} to
 * {@link PIECE_MAX} by a generator seeded with `seed` (the same every run and for every column),
 * the last one whatever is left. Most are not multiples of the 64 KiB chunk size, so a chunk
 * often spans two writes, as it does behind a socket.
 */
export function pieceLengths(total: number, seed: number): number[] {
  const next = seededRandom(seed);
  const lengths: number[] = [];
  for (let left = total; left > 0;) {
    const length = Math.min(left, PIECE_MIN + Math.floor(next() * (PIECE_MAX - PIECE_MIN + 1)));
    lengths.push(length);
    left -= length;
  }
  return lengths;
}

/** Consecutive cuts of one buffer: a stored blob read front to back. */
export function consecutivePieces(lengths: readonly number[]): Piece[] {
  let offset = 0;
  return lengths.map((length) => {
    const piece = { offset, length };
    offset += length;
    return piece;
  });
}

/**
 * Writes taken from seeded random places of a `sourceSize`-byte buffer: a plaintext stream of any
 * length made from one small random buffer, without repeating one block over and over.
 *
 * @throws RangeError when a length exceeds `sourceSize`.
 */
export function scatteredPieces(
  lengths: readonly number[],
  sourceSize: number,
  seed: number,
): Piece[] {
  const next = seededRandom(seed ^ 0x5bd1e995);
  return lengths.map((length) => {
    if (length > sourceSize) throw new RangeError(`a ${length}-byte piece of ${sourceSize} bytes`);
    return { offset: Math.floor(next() * (sourceSize - length + 1)), length };
  });
}

/** The buffers `pieces` cut from `source`, in order. */
export function* piecesOf(source: Buffer, pieces: readonly Piece[]): Generator<Buffer> {
  for (const p of pieces) yield source.subarray(p.offset, p.offset + p.length);
}

/** `length` bytes of the stream `pieces` of `source` make, from byte `start` of that stream. */
export function bytesAt(
  source: Buffer,
  pieces: readonly Piece[],
  start: number,
  length: number,
): Buffer {
  const out = Buffer.alloc(length);
  let at = 0;
  let filled = 0;
  for (const p of pieces) {
    if (filled === length) break;
    const from = Math.max(start + filled - at, 0);
    if (from < p.length) {
      const used = Math.min(p.length - from, length - filled);
      source.copy(out, filled, p.offset + from, p.offset + from + used);
      filled += used;
    }
    at += p.length;
  }
  if (filled < length) throw new RangeError(`bytes ${start}+${length} are past the stream`);
  return out;
}

/** mulberry32: a small seeded generator of floats in [0, 1), good enough to pick sizes. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
