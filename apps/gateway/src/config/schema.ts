import { z } from 'zod';
import { parseDuration } from './duration.js';

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `not a duration: ${String(value)} (use e.g. 30s, 5m, 1h)`,
    });
    return z.NEVER;
  }
  return ms;
});

/** A boolean that also accepts `true`/`false` strings, as environment variables carry them. */
const flag = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .transform((v) => v === true || v === 'true');

const listen = z.string().refine((v) => /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/.test(v), {
  message: 'expected HOST:PORT, e.g. 127.0.0.1:9000',
});

const credential = z
  .object({
    access_key_id: z.string().regex(/^[A-Za-z0-9._-]{3,128}$/, 'letters, digits, . _ - (3–128)'),
    secret_access_key: z.string().min(8, 'at least 8 characters').optional(),
    /** A file holding the secret (Docker/Kubernetes secrets), read at start. */
    secret_access_key_file: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => (c.secret_access_key === undefined) !== (c.secret_access_key_file === undefined), {
    message: 'give exactly one of secret_access_key and secret_access_key_file',
  });

/** The `strata.yaml` schema: every key, its default and its constraint. */
export const ConfigSchema = z
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
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** Raw configuration as written in YAML (before defaults). */
export type ConfigInput = z.input<typeof ConfigSchema>;
/** Validated configuration with defaults applied. */
export type StrataConfig = z.output<typeof ConfigSchema>;
