/** A seeded pseudo-random source: the same seed gives the same sequence of sizes and operations. */
export type Random = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
};

/**
 * mulberry32: a 32-bit generator, plenty for choosing sizes and operations, and seeded so that a
 * soak's request mix repeats between runs (`Math.random` cannot be seeded).
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}

/** Picks a key of `weights` with probability proportional to its weight. */
export function pickWeighted<K extends string>(
  random: Random,
  weights: Readonly<Record<K, number>>,
): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let x = random.next() * total;
  for (const [key, weight] of entries) {
    x -= weight;
    if (x < 0) return key;
  }
  // Rounding can leave x a hair above 0 after the last entry.
  const last = entries[entries.length - 1];
  if (last === undefined) throw new Error('pickWeighted: no weights');
  return last[0];
}
