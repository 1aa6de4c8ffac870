import { z } from 'zod';
import {
  backendSchema,
  breakerSchema,
  bucketSchema,
  replicationSchema,
  tenantSchema,
} from './backends-schema.js';
import { cacheSchema } from './cache-schema.js';
import { encryptionSchema } from './encryption-schema.js';
import { notificationsSchema } from './notifications-schema.js';
import { PLACEMENT_STRATEGIES } from '@strata/object-layer';
import { count, credential, duration, flag, size, trustProxy } from './schema-parts.js';

const listen = z.string().refine((v) => /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/.test(v), {
  message: 'expected HOST:PORT, e.g. 127.0.0.1:9000',
});

/** Limits of one access key or one client address. */
/** A list of admin API bearer tokens. */
const adminTokens = z
  .array(z.string().min(32, 'an admin token must be at least 32 characters'))
  .min(1, 'must list at least one token');

const clientLimits = z
  .object({
    /** Requests per second (one-second windows; counted in Redis when `redis` is set); 0 = none. */
    rps: count.default(0),
    /** Requests in flight at once, counted per instance; 0 = no limit. */
    in_flight: count.default(0),
  })
  .strict()
  .prefault({});

/** Every key with its default and constraint (before the cross-key rules). */
const base = z
  .object({
    listen: listen.default('127.0.0.1:9000'),
    data_dir: z.string().min(1).default('./strata-data'),
    region: z
      .string()
      .regex(/^[a-z0-9-]{2,32}$/, 'lower-case letters, digits and -')
      .default('us-east-1'),
    domain: z.string().min(1).optional(),
    tls: z
      .object({ cert: z.string().min(1), key: z.string().min(1) })
      .strict()
      .optional(),
    metastore: z.string().min(1).optional(),
    credentials: z.array(credential).min(1).optional(),
    /** Where bytes live; default one `fs` backend named `local` under `<data_dir>/objects`. */
    backends: z.array(backendSchema).min(1).optional(),
    breaker: breakerSchema.prefault({}),
    /** Placement of buckets without their own (and of buckets created through the API). */
    placement: z.enum(PLACEMENT_STRATEGIES).default('pack'),
    replication: replicationSchema.prefault({}),
    buckets: z.array(bucketSchema).optional(),
    tenants: z.array(tenantSchema).optional(),
    /** How stale the per-backend usage that quota checks start from may be. */
    quota_refresh: duration.default(2000),
    /** How often backend states set at runtime (admin API) are read from the metastore. */
    backend_state_refresh: duration.default(5000),
    /** After the metastore failed, how long reads are served from the backends before it is retried. */
    metastore_retry: duration.default(5000),
    shutdown_timeout: duration.default(30_000),
    idle_timeout: duration.default(120_000),
    /** How slowly clients may send: the request head, the body, and idle keep-alive sockets. */
    timeouts: z
      .object({
        /** The whole request head must arrive within this (Node answers 408 and closes). */
        headers: duration.default(60_000),
        /** An idle keep-alive connection is closed after this. */
        keep_alive: duration.default(65_000),
        /** Measuring window of the body pace; 0 turns the check off. */
        body_window: duration.default(20_000),
        /** The least a body must deliver per second over a window (0: any byte will do). */
        body_min_rate: size.default(0),
      })
      .strict()
      .prefault({}),
    /**
     * Which peers' `X-Forwarded-For/Host/Proto` to believe: false (none), true (loopback,
     * link-local and private ranges), or a list of proxy addresses and CIDRs.
     */
    trust_proxy: trustProxy.default(false),
    /** The audit log: one JSON line per request, off unless `output` is set. */
    audit: z
      .object({
        /** `stdout`, or the path of the audit file (rotated by size). */
        output: z.string().min(1).optional(),
        /** Rotate the file when it reaches this size. */
        max_size: size
          .refine((bytes) => bytes >= 1024, { message: 'must be at least 1KiB' })
          .default(100 * 1024 * 1024),
        /** Rotated files kept; older ones are removed. */
        max_files: count.refine((n) => n >= 1, { message: 'must be at least 1' }).default(10),
      })
      .strict()
      .prefault({}),
    /** Prometheus `/metrics`: off unless one of these is set. */
    metrics: z
      .object({
        /** A separate plain-HTTP listener for `/metrics` (e.g. on an internal interface). */
        listen: listen.optional(),
        /** Or on the main listener, for requests carrying `Authorization: Bearer <token>`. */
        token: z.string().min(16, 'must be at least 16 characters').optional(),
      })
      .strict()
      .prefault({}),
    /** The admin JSON API (`/admin/v1/`): off unless `tokens` or `read_only_tokens` is set. */
    admin: z
      .object({
        /** A separate plain-HTTP listener for the admin API; without it, the main listener. */
        listen: listen.optional(),
        /** Bearer tokens that open it to read and change (not S3 credentials). */
        tokens: adminTokens.optional(),
        /** Bearer tokens that open it to read only (GET and HEAD; anything else is 403). */
        read_only_tokens: adminTokens.optional(),
        /**
         * The passphrase that seals the secrets of keys managed through the admin API (`/keys`)
         * in the metastore; without it (or its file) there are no managed keys.
         */
        keys_master_key: z.string().min(32, 'must be at least 32 characters').optional(),
        keys_master_key_file: z.string().min(1).optional(),
        /** How long an instance trusts what it read about a managed key. */
        keys_refresh: duration.default(5000),
      })
      .strict()
      .prefault({}),
    /** OpenTelemetry traces: off unless `otlp_endpoint` is set. */
    tracing: z
      .object({
        /** OTLP/HTTP (JSON) traces endpoint, e.g. `http://collector:4318/v1/traces`. */
        otlp_endpoint: z
          .string()
          .refine((v) => /^https?:\/\/[^\s/]/.test(v) && URL.canParse(v), {
            message: 'expected an http(s) URL, e.g. http://collector:4318/v1/traces',
          })
          .optional(),
        /** `service.name` of the spans. */
        service_name: z.string().min(1).default('strata'),
        /** Share of new traces recorded (0..1); a request that carries a trace follows its flag. */
        sample_ratio: z.coerce.number().min(0).max(1).default(1),
      })
      .strict()
      .prefault({}),
    /** The read cache of object bytes (see `buckets[].cache` and `backends[].cache`). */
    cache: cacheSchema,
    /** Encryption at rest: master keys (`encryption.keys`), the current one, frame size, SSE-C. */
    encryption: encryptionSchema,
    /** Event notifications: the webhook targets buckets' configurations may name. */
    notifications: notificationsSchema,
    /** Redis URL: with it, request-rate limits are counted there, shared by every instance. */
    redis: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'expected redis://[user:password@]HOST:PORT[/DB] or rediss://…')
      .optional(),
    /** Admission control and fair use: over a limit a request gets 503 SlowDown + Retry-After. */
    limits: z
      .object({
        /** Requests served at once by this instance; 0 = no limit. */
        max_in_flight: count.default(1024),
        /** Bytes of XML request bodies held in memory at once by this instance; 0 = no limit. */
        max_buffered_bytes: size.default(256 * 1024 * 1024),
        /** Per access key, after authentication. */
        per_key: clientLimits,
        /** Per client address, before authentication. */
        per_address: clientLimits,
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        sigv2: flag.default(true),
        failure_limit: z
          .object({
            max_failures: z.coerce.number().int().positive().default(10),
            window: duration.default(60_000),
            block: duration.default(300_000),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    log_level: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    max_xml_body: size
      .refine((bytes) => bytes > 0, { message: 'must be more than 0 bytes' })
      .default(2 * 1024 * 1024),
    workers: z
      .object({
        enabled: flag.default(true),
        intent_ttl: duration.default(3_600_000),
        reaper_interval: duration.default(60_000),
        cleanup_interval: duration.default(60_000),
        multipart_gc_interval: duration.default(3_600_000),
        multipart_max_age: duration.default(7 * 86_400_000),
        replication_interval: duration.default(10_000),
        job_lease: duration
          .refine((ms) => ms >= 1_000, { message: 'must be at least 1s' })
          .default(60_000),
        drain_interval: duration.default(60_000),
        /**
         * How long a lifecycle "day" is: rule ages count in these, and the lifecycle worker makes
         * one pass a day. Shortened to watch rules fire in tests and demos.
         */
        lifecycle_day_length: duration
          .refine((ms) => ms >= 1_000, { message: 'must be at least 1s' })
          .default(86_400_000),
        /**
         * Keys the lifecycle worker examines in one run (a run a minute): the bound on the load
         * it puts on the metastore, and so on how many keys a day's pass can reach.
         */
        lifecycle_max_keys: count
          .refine((n) => n >= 1, { message: 'must be at least 1' })
          .default(10_000),
        /** Bytes per second the scrubber reads at most, checking copies against their rows. */
        scrub_rate: size
          .refine((bytes) => bytes > 0, { message: 'must be more than 0 bytes' })
          .default(16 * 1024 * 1024),
        /** The rest between two passes of the scrubber over every copy. */
        scrub_pass_interval: duration.default(7 * 86_400_000),
        /**
         * How long replication settings and backend states must stay unchanged before copies
         * beyond a bucket's factor are taken off (a lowered factor can be put back before).
         */
        surplus_grace: duration.default(86_400_000),
        /** How often the surplus cleaner runs (a pass over every copy rests a day). */
        surplus_interval: duration.default(600_000),
        usage_flush_interval: duration.default(30_000),
        /**
         * Each worker runs on the one instance holding its metastore lease; a holder that stops
         * renewing is replaced after this. Renewals go every third of it, hence the floor.
         */
        lease_ttl: duration
          .refine((ms) => ms >= 3_000, { message: 'must be at least 3s' })
          .default(30_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The `strata.yaml` schema: every key, its default and its constraint. */
export const ConfigSchema = base.superRefine(checkReferences);

/** Cross-key rules zod's shapes cannot say: unique names, known backends, enough backends for a factor. */
function checkReferences(config: z.output<typeof base>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const backends = (config.backends ?? []).map((b) => b.name);
  const known = new Set(config.backends === undefined ? ['local'] : backends);
  backends.forEach((name, i) => {
    if (backends.indexOf(name) !== i)
      issue(['backends', i, 'name'], `duplicate backend name: ${name}`);
  });
  const tenants = new Set((config.tenants ?? []).map((t) => t.name));
  const accounts = new Map<string, string>();
  (config.tenants ?? []).forEach((tenant, i) => {
    if (tenant.account_id === undefined) return;
    const other = accounts.get(tenant.account_id);
    if (other !== undefined)
      issue(
        ['tenants', i, 'account_id'],
        `account id ${tenant.account_id} is also tenant ${other}'s`,
      );
    accounts.set(tenant.account_id, tenant.name);
  });
  const factorFits = (path: (string | number)[], factor: number, available: number) => {
    if (factor > available)
      issue(path, `factor ${factor} needs as many backends, but ${available} are available`);
  };
  factorFits(['replication', 'factor'], config.replication.factor, known.size);
  if (
    config.admin.listen !== undefined &&
    config.admin.tokens === undefined &&
    config.admin.read_only_tokens === undefined
  ) {
    issue(
      ['admin', 'tokens'],
      'admin.tokens (or admin.read_only_tokens) is required when admin.listen is set: every admin request needs a bearer token',
    );
  }
  if (
    config.admin.keys_master_key !== undefined &&
    config.admin.keys_master_key_file !== undefined
  ) {
    issue(
      ['admin', 'keys_master_key'],
      'give at most one of keys_master_key and keys_master_key_file',
    );
  }
  const buffered = config.limits.max_buffered_bytes;
  if (buffered > 0 && buffered < config.max_xml_body) {
    issue(
      ['limits', 'max_buffered_bytes'],
      `must be 0 (no limit) or at least max_xml_body (${config.max_xml_body}), or an XML body that size could never be read`,
    );
  }
  const cached = config.cache.enabled || (config.buckets ?? []).some((b) => b.cache?.enabled);
  if (cached && config.cache.memory === 0 && config.cache.disk === 0) {
    issue(
      ['cache', 'memory'],
      'a cached bucket needs cache.memory or cache.disk to be more than 0',
    );
  }
  const targets = config.notifications.targets.map((t) => t.name);
  targets.forEach((name, i) => {
    if (targets.indexOf(name) !== i)
      issue(['notifications', 'targets', i, 'name'], `duplicate notification target: ${name}`);
  });
  const bucketNames = new Set<string>();
  (config.buckets ?? []).forEach((bucket, i) => {
    if (bucketNames.has(bucket.name))
      issue(['buckets', i, 'name'], `duplicate bucket: ${bucket.name}`);
    bucketNames.add(bucket.name);
    if (bucket.tenant !== undefined && bucket.tenant !== 'default' && !tenants.has(bucket.tenant))
      issue(['buckets', i, 'tenant'], `unknown tenant: ${bucket.tenant}`);
    (bucket.backends ?? []).forEach((name, j) => {
      if (!known.has(name)) issue(['buckets', i, 'backends', j], `unknown backend: ${name}`);
    });
    const replication = bucket.replication ?? config.replication;
    factorFits(
      ['buckets', i, 'replication', 'factor'],
      replication.factor,
      bucket.backends?.length ?? known.size,
    );
  });
}

/** Raw configuration as written in YAML (before defaults). */
export type ConfigInput = z.input<typeof ConfigSchema>;
/** Validated configuration with defaults applied. */
export type StrataConfig = z.output<typeof ConfigSchema>;
