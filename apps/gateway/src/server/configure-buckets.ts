import type { Logger } from 'pino';
import type { BucketPolicy, ObjectLayer } from '@strata/object-layer';
import { DEFAULT_TENANT, ownerIdOf } from '../config/access-keys.js';
import type { ReplicationConfig } from '../config/backends-schema.js';
import { ConfigError } from '../config/config-error.js';
import type { StrataConfig } from '../config/schema.js';
import { cachePolicyOf } from './open-read-cache.js';

function toReplication(r: ReplicationConfig): BucketPolicy['replication'] {
  return { factor: r.factor, mode: r.mode, writeQuorum: r.write_quorum };
}

/**
 * The placement, replication and read-cache policy of every bucket: a configured bucket's own (its keys
 * falling back to the top-level `placement` and `replication`), and the top-level one for
 * buckets created through the API, which may use every backend.
 */
export function bucketPolicies(config: StrataConfig): {
  readonly policyOf: (bucket: string) => BucketPolicy | undefined;
  readonly defaultPolicy: BucketPolicy;
} {
  const defaultPolicy: BucketPolicy = {
    placement: config.placement,
    replication: toReplication(config.replication),
    cache: cachePolicyOf(config, undefined),
  };
  const policies = new Map<string, BucketPolicy>();
  for (const bucket of config.buckets ?? []) {
    policies.set(bucket.name, {
      backends: bucket.backends,
      placement: bucket.placement ?? config.placement,
      replication: toReplication(bucket.replication ?? config.replication),
      cache: cachePolicyOf(config, bucket),
    });
  }
  return { policyOf: (bucket) => policies.get(bucket), defaultPolicy };
}

/**
 * Creates every configured bucket that does not exist yet, owned by its tenant.
 *
 * @throws ConfigError naming the bucket when it exists but belongs to another tenant.
 */
export async function ensureBuckets(
  layer: ObjectLayer,
  config: StrataConfig,
  logger: Logger,
): Promise<void> {
  for (const [i, bucket] of (config.buckets ?? []).entries()) {
    const tenant = bucket.tenant ?? DEFAULT_TENANT;
    const owner = ownerIdOf(tenant);
    const existing = await layer.getBucket(bucket.name).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 'NoSuchBucket') return undefined;
      throw error;
    });
    if (existing === undefined) {
      await layer.createBucket({ name: bucket.name, owner, region: config.region });
      logger.info({ bucket: bucket.name, tenant }, `created configured bucket ${bucket.name}`);
    } else if (existing.owner !== owner) {
      throw new ConfigError(
        `buckets.${i}.name: bucket ${bucket.name} already exists and belongs to another tenant than ${tenant}`,
      );
    }
  }
}
