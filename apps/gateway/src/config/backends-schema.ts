import { z } from 'zod';
import { BACKEND_STATES } from '@strata/backend-pool';
import { PLACEMENT_STRATEGIES, REPLICATION_MODES } from '@strata/object-layer';
import { bucketCacheSchema } from './cache-schema.js';
import { count, credential, duration, flag, size } from './schema-parts.js';

const name = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,62}$/,
    'lower-case letters, digits, . _ - (1–63, starting alphanumeric)',
  );

/** What every backend type shares: its lifecycle state, capacity caps and monthly limits. */
const backendCommon = {
  name,
  state: z.enum(BACKEND_STATES).default('active'),
  quota_bytes: size.optional(),
  quota_objects: count.optional(),
  max_object_size: size.optional(),
  /** Whether cached buckets' reads of its copies go through the read cache (default: s3 yes, fs no). */
  cache: flag.optional(),
  limits: z
    .object({
      requests: count.optional(),
      egress_bytes: size.optional(),
      ingress_bytes: size.optional(),
    })
    .strict()
    .optional(),
};

const fsBackend = z
  .object({
    ...backendCommon,
    type: z.literal('fs'),
    path: z.string().min(1),
    fsync: flag.default(true),
  })
  .strict();

const s3Backend = z
  .object({
    ...backendCommon,
    type: z.literal('s3'),
    endpoint: z.url({ protocol: /^https?$/, message: 'an http:// or https:// URL' }),
    bucket: z.string().min(3).max(63),
    prefix: z.string().optional(),
    region: z.string().min(1).default('us-east-1'),
    access_key_id: z.string().min(1),
    secret_access_key: z.string().min(1).optional(),
    secret_access_key_file: z.string().min(1).optional(),
    force_path_style: flag.optional(),
    connections: count.pipe(z.number().positive()).optional(),
    /** Part buffers one multipart put to this backend may hold (s3-client maxTransferMemory). */
    max_transfer_memory: size
      .pipe(z.number().min(5 * 2 ** 20, 'at least 5MiB (one part)'))
      .optional(),
  })
  .strict()
  .refine((c) => (c.secret_access_key === undefined) !== (c.secret_access_key_file === undefined), {
    message: 'give exactly one of secret_access_key and secret_access_key_file',
  });

/** One entry of `backends:`. */
export const backendSchema = z.discriminatedUnion('type', [fsBackend, s3Backend]);

/** How a bucket keeps copies. */
export const replicationSchema = z
  .object({
    factor: count.pipe(z.number().min(1, 'at least 1')).default(1),
    mode: z.enum(REPLICATION_MODES).default('async'),
    write_quorum: count.pipe(z.number().min(1, 'at least 1')).optional(),
  })
  .strict()
  .refine((r) => r.write_quorum === undefined || r.write_quorum <= r.factor, {
    message: 'write_quorum cannot exceed factor',
    path: ['write_quorum'],
  });

/** One entry of `buckets:`: a virtual bucket created at start, with its policy and keys. */
export const bucketSchema = z
  .object({
    name: z.string().min(3).max(63),
    /** The tenant owning it (default: the default tenant, `credentials:`). */
    tenant: z.string().min(1).optional(),
    backends: z.array(z.string()).min(1).optional(),
    placement: z.enum(PLACEMENT_STRATEGIES).optional(),
    replication: replicationSchema.optional(),
    /** Its read-cache setting (default the top-level `cache.enabled`). */
    cache: bucketCacheSchema.optional(),
    /** Keys that reach this bucket only. */
    credentials: z.array(credential).optional(),
  })
  .strict();

/** One entry of `tenants:`: keys that own, create and see their own buckets. */
export const tenantSchema = z
  .object({
    name: z.string().min(1),
    /** The 12-digit account id bucket policies name the tenant by; default derived from the name. */
    account_id: z
      .string()
      .regex(/^\d{12}$/, '12 digits')
      .optional(),
    /** Its configured keys; none when its keys are managed through the admin API (`/keys`). */
    credentials: z.array(credential).default([]),
  })
  .strict();

/** `breaker:` (every backend's circuit breaker). */
export const breakerSchema = z
  .object({
    enabled: flag.default(true),
    timeout: duration.default(10_000),
    error_threshold: count.pipe(z.number().min(1).max(100)).default(50),
    volume_threshold: count.default(5),
    reset_timeout: duration.default(30_000),
  })
  .strict();

/** The backend and bucket parts of the configuration. */
export type BackendConfig = z.output<typeof backendSchema>;
export type BucketConfig = z.output<typeof bucketSchema>;
export type TenantConfig = z.output<typeof tenantSchema>;
export type BreakerConfig = z.output<typeof breakerSchema>;
export type ReplicationConfig = z.output<typeof replicationSchema>;
