import { z } from 'zod';
import {
  backendSchema,
  breakerSchema,
  bucketSchema,
  replicationSchema,
  tenantSchema,
} from './backends-schema.js';
import { PLACEMENT_STRATEGIES } from '@strata/object-layer';
import { credential, duration, flag } from './schema-parts.js';

const listen = z.string().refine((v) => /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/.test(v), {
  message: 'expected HOST:PORT, e.g. 127.0.0.1:9000',
});

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
    /** After the metastore failed, how long reads are served from the backends before it is retried. */
    metastore_retry: duration.default(5000),
    shutdown_timeout: duration.default(30_000),
    idle_timeout: duration.default(120_000),
    trust_proxy: flag.default(false),
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
    max_xml_body: z.coerce
      .number()
      .int()
      .positive()
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
        drain_interval: duration.default(60_000),
        usage_flush_interval: duration.default(30_000),
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
  const factorFits = (path: (string | number)[], factor: number, available: number) => {
    if (factor > available)
      issue(path, `factor ${factor} needs as many backends, but ${available} are available`);
  };
  factorFits(['replication', 'factor'], config.replication.factor, known.size);
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
