import type { Random } from './random.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** One band of object sizes: log-uniform between `min` and `max` bytes, chosen with `weight` %. */
export type SizeBand = { readonly min: number; readonly max: number; readonly weight: number };

/**
 * The soak's fixed size distribution, 1 KiB to 64 MiB: mostly small, some large. Within a band
 * sizes are log-uniform and byte-exact (not powers of two), so bodies end at odd offsets. Mean
 * ≈ 1.1 MiB per PUT; about 75% of the bytes come from the 5% of PUTs of 4 MiB and more.
 */
export const SIZE_BANDS: readonly SizeBand[] = [
  { min: 1 * KiB, max: 16 * KiB, weight: 45 },
  { min: 16 * KiB, max: 256 * KiB, weight: 30 },
  { min: 256 * KiB, max: 1 * MiB, weight: 12 },
  { min: 1 * MiB, max: 4 * MiB, weight: 8 },
  { min: 4 * MiB, max: 16 * MiB, weight: 3.5 },
  { min: 16 * MiB, max: 64 * MiB, weight: 1.5 },
];

/** Draws object sizes in bytes. */
export type SizeSampler = () => number;

/**
 * Draws sizes from {@link SIZE_BANDS} cut at `maxSize` (the CI soak stops at 8 MiB): bands above
 * it are dropped, the band that contains it is clipped, the weights of the rest are kept.
 */
export function createSizeSampler(random: Random, maxSize = 64 * MiB): SizeSampler {
  const bands = SIZE_BANDS.filter((b) => b.min < maxSize).map((b) => ({
    ...b,
    max: Math.min(b.max, maxSize),
  }));
  const total = bands.reduce((sum, b) => sum + b.weight, 0);
  const last = bands[bands.length - 1];
  if (last === undefined) throw new RangeError(`maxSize ${maxSize} is below the smallest band`);
  const pick = (x: number): SizeBand => {
    for (const band of bands) {
      if (x < band.weight) return band;
      x -= band.weight;
    }
    return last; // x rounded a hair past the end
  };
  return () => {
    const band = pick(random.next() * total);
    const size = band.min * (band.max / band.min) ** random.next();
    return Math.min(band.max, Math.max(band.min, Math.round(size)));
  };
}
