import { join } from 'node:path';
import type { Logger } from 'pino';
import { openReadCache, type CachePolicy, type ReadCache } from '@strata/object-layer';
import type { BucketConfig } from '../config/backends-schema.js';
import type { StrataConfig } from '../config/schema.js';

/**
 * The backends whose copies cached buckets read through the cache: each backend's `cache` key,
 * by default the S3 ones (a local directory is as fast as the cache's own disk tier). The
 * embedded default backend is a local directory, hence none.
 */
export function cachedBackends(config: StrataConfig): string[] {
  return (config.backends ?? [])
    .filter((backend) => backend.cache ?? backend.type === 's3')
    .map((backend) => backend.name);
}

/**
 * The read-cache policy of a configured bucket (or, without one, of buckets created through the
 * API): `undefined` when its reads are not cached.
 */
export function cachePolicyOf(
  config: StrataConfig,
  bucket: BucketConfig | undefined,
): CachePolicy | undefined {
  const enabled = bucket?.cache?.enabled ?? config.cache.enabled;
  if (!enabled) return undefined;
  const maxObjectSize = bucket?.cache?.max_object_size ?? config.cache.max_object_size;
  return {
    backends: cachedBackends(config),
    ...(maxObjectSize > 0 ? { maxObjectSize } : {}),
  };
}

/**
 * Opens the read cache when some bucket is cached and some backend's copies are worth caching;
 * else `undefined` (no memory is set aside, no directory made).
 *
 * @throws the file system's error when the disk tier's directory cannot be created or read.
 */
export async function openGatewayReadCache(
  config: StrataConfig,
  dataDir: string,
  logger: Logger,
): Promise<ReadCache | undefined> {
  const buckets = [undefined, ...(config.buckets ?? [])];
  const anyCached = buckets.some((bucket) => cachePolicyOf(config, bucket) !== undefined);
  const backends = cachedBackends(config);
  if (!anyCached) return undefined;
  if (backends.length === 0) {
    logger.warn(
      'read cache: a bucket is cached but no backend is (set cache: true on a backend; S3 backends are cached by default)',
    );
    return undefined;
  }
  const { cache } = config;
  const diskDir = cache.disk > 0 ? (cache.disk_path ?? join(dataDir, 'cache')) : undefined;
  const readCache = await openReadCache({
    blockSize: cache.block_size,
    memoryBytes: cache.memory,
    readaheadBlocks: cache.readahead,
    ...(diskDir === undefined ? {} : { diskDir, diskBytes: cache.disk }),
  });
  const disk = readCache.stats().disk;
  logger.info(
    {
      memory: cache.memory,
      disk: cache.disk,
      diskDir,
      blockSize: cache.block_size,
      backends,
      diskBlocksFound: disk?.blocks,
    },
    'read cache open',
  );
  return readCache;
}
