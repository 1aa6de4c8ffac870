import { describe, expect, it } from 'vitest';
import {
  PIECE_MAX,
  PIECE_MIN,
  bytesAt,
  consecutivePieces,
  pieceLengths,
  piecesOf,
  scatteredPieces,
} from './envelope-pieces.js';

describe('pieceLengths', () => {
  it('covers the total exactly in 64 KiB–1 MiB writes, the same for the same seed', () => {
    const total = 64 * 2 ** 20 + 12_345;
    const lengths = pieceLengths(total, 7);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(total);
    for (const l of lengths.slice(0, -1)) {
      expect(l).toBeGreaterThanOrEqual(PIECE_MIN);
      expect(l).toBeLessThanOrEqual(PIECE_MAX);
    }
    expect(pieceLengths(total, 7)).toEqual(lengths);
    expect(pieceLengths(total, 8)).not.toEqual(lengths);
    // Most writes are not whole chunks: a chunk often spans two of them.
    expect(lengths.filter((l) => l % PIECE_MIN !== 0).length).toBeGreaterThan(lengths.length / 2);
  });
});

describe('pieces of a buffer', () => {
  const source = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 251));

  it('cuts a buffer front to back', () => {
    const pieces = consecutivePieces([10, 20, 5]);
    expect(pieces).toEqual([
      { offset: 0, length: 10 },
      { offset: 10, length: 20 },
      { offset: 30, length: 5 },
    ]);
    expect(Buffer.concat([...piecesOf(source, pieces)])).toEqual(source.subarray(0, 35));
  });

  it('reads any range of the stream scattered pieces make', () => {
    const pieces = scatteredPieces([500, 1000, 700, 300], source.length, 3);
    for (const p of pieces) expect(p.offset + p.length).toBeLessThanOrEqual(source.length);
    const stream = Buffer.concat([...piecesOf(source, pieces)]);
    for (const [start, length] of [
      [0, 2500],
      [499, 2],
      [1234, 1000],
      [2499, 1],
    ] as const) {
      expect(bytesAt(source, pieces, start, length)).toEqual(
        stream.subarray(start, start + length),
      );
    }
    expect(() => bytesAt(source, pieces, 2400, 101)).toThrow(RangeError);
    expect(() => scatteredPieces([3001], source.length, 1)).toThrow(RangeError);
  });
});
