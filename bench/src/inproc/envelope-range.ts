import { DEFAULT_CHUNK_SIZE, FRAME_OVERHEAD, planRange } from '@strata/envelope';
import { MiB } from '../scenarios/scenario.js';

/** What a ranged GET of an encrypted object reads from the backend, as `planRange` plans it. */
export type RangeReadCost = {
  readonly objectSize: number;
  readonly chunkSize: number;
  /** First plaintext byte of the range. */
  readonly start: number;
  /** Plaintext bytes asked for. */
  readonly length: number;
  /** Stored bytes the plan fetches: `cipherEnd − cipherStart + 1`. */
  readonly stored: number;
  /**
   * The most a plan may fetch: the range, one partial chunk at each end, and the framing of every
   * frame it can touch (`⌈length ÷ chunk⌉ + 1` frames, plus one to spare).
   */
  readonly bound: number;
};

/**
 * The stored bytes `planRange` fetches for `length` plaintext bytes from `start` of a
 * single-segment object of `objectSize` bytes, next to the bound a ranged read must stay within.
 * Computed, not timed. Defaults: 1 MiB at an offset aligned to nothing, of a 1 GiB object, in
 * 64 KiB chunks.
 */
export function rangeReadCost(
  objectSize = 1024 * MiB,
  chunkSize = DEFAULT_CHUNK_SIZE,
  start = 512 * MiB + 12_345,
  length = MiB,
): RangeReadCost {
  const plan = planRange([objectSize], chunkSize, start, start + length - 1);
  const frames = Math.ceil(length / chunkSize) + 2;
  return {
    objectSize,
    chunkSize,
    start,
    length,
    stored: plan.cipherEnd - plan.cipherStart + 1,
    bound: length + 2 * chunkSize + frames * FRAME_OVERHEAD,
  };
}
