import type { Readable } from 'node:stream';
import type { ByteRange } from '@strata/backend-pool';

/**
 * One blob read through the cache. A blob's bytes never change (every write gets a fresh blob
 * name), so its blocks are cached under its backend, name and size without ever being invalidated.
 */
export interface CachedBlob {
  /** The backend holding it (part of the cache key: copies are cached per backend). */
  readonly backend: string;
  /** Its name on the backend. */
  readonly blob: string;
  /** Its stored size in bytes (ciphertext size for an encrypted version). */
  readonly size: number;
  /** The bucket it belongs to, for the per-bucket counters. */
  readonly bucket: string;
  /** Opens `range` (inclusive, within `size`) of the blob on its backend. */
  readonly open: (range: ByteRange, signal: AbortSignal) => Promise<Readable>;
}
