import { z } from 'zod';
import { count, flag, size } from './schema-parts.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * `cache:`: the read cache of object bytes (blocks in memory and on disk) that GetObject serves
 * cached buckets from. Which backends' copies are cached is each backend's `cache` key.
 */
export const cacheSchema = z
  .object({
    /** Whether buckets without their own `cache` setting are cached. */
    enabled: flag.default(false),
    /**
     * Bytes per block: a ranged read fetches and caches whole blocks. 256 KiB, not 1 MiB: on
     * Parquet files of a few MB, 1 MiB blocks made a cold query fetch 3.6–5.6× the bytes the
     * engine asked for and run 26–34% slower than without the cache; 256 KiB kept it within
     * noise of no cache (bench/results/cache.md).
     */
    block_size: size
      .refine((bytes) => bytes >= 4 * KiB && bytes <= 64 * MiB, {
        message: 'must be from 4KiB to 64MiB',
      })
      .default(256 * KiB),
    /** Bytes of blocks held in memory; 0: no memory tier. */
    memory: size.default(256 * MiB),
    /** Bytes of blocks kept on disk under `disk_path`; 0: no disk tier. */
    disk: size.default(0),
    /** The disk tier's directory (default `<data_dir>/cache`). */
    disk_path: z.string().min(1).optional(),
    /**
     * Blocks fetched ahead in the background when a read starts where the previous read of the
     * same object ended (a sequential reader); 0: none.
     */
    readahead: count.pipe(z.number().max(256, 'at most 256 blocks')).default(0),
    /** Stored bytes of the largest object cached by default; 0: any size. */
    max_object_size: size.default(0),
  })
  .strict()
  .prefault({});

/** `buckets[].cache`: a bucket's own read-cache setting. */
export const bucketCacheSchema = z
  .object({
    enabled: flag.default(true),
    /** Overrides `cache.max_object_size` for this bucket; 0: any size. */
    max_object_size: size.optional(),
  })
  .strict();

/** The validated `cache:` section. */
export type CacheConfig = z.output<typeof cacheSchema>;
