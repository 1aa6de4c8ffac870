import { z } from 'zod';
import { parseDuration } from './duration.js';
import { parseSize } from './size.js';
import { parseCidr } from '../http/trusted-proxies.js';

/** A duration (`30s`, `5m`, `1h`, `7d`, or milliseconds), as milliseconds. */
export const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
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

/** A byte size (`500MB`, `20GiB`, or bytes), as bytes. */
export const size = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const bytes = parseSize(value);
  if (bytes === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `not a size: ${String(value)} (use e.g. 500MB, 20GiB, or a number of bytes)`,
    });
    return z.NEVER;
  }
  return bytes;
});

/** A boolean that also accepts `true`/`false` strings, as environment variables carry them. */
export const flag = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .transform((v) => v === true || v === 'true');

/**
 * `trust_proxy`: `true`/`false`, or the reverse proxies' addresses and CIDRs, as a list or (from
 * the environment) comma-separated: `10.0.0.0/8,fd00::/8`. A bad entry is named with its index.
 */
export const trustProxy = z
  .union([z.boolean(), z.string(), z.array(z.string())])
  .transform((value, ctx): boolean | string[] => {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    const list = Array.isArray(value);
    const entries = list ? value : value.split(',').map((entry) => entry.trim());
    entries.forEach((entry, i) => {
      if (!parseCidr(entry)) {
        ctx.addIssue({
          code: 'custom',
          path: list ? [i] : [],
          message: `not an IP address or CIDR: ${JSON.stringify(entry)} (use e.g. 10.0.0.0/8, fd00::/8, 192.0.2.7)`,
        });
      }
    });
    if (entries.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'list at least one proxy address, or use true/false',
      });
    }
    return entries.map((entry) => entry.trim());
  });

/** A non-negative integer that also accepts digit strings (environment variables). */
export const count = z.coerce.number().int().nonnegative();

/** An access key pair; the secret inline or in a file (Docker/Kubernetes secrets). */
export const credential = z
  .object({
    access_key_id: z.string().regex(/^[A-Za-z0-9._-]{3,128}$/, 'letters, digits, . _ - (3–128)'),
    secret_access_key: z.string().min(8, 'at least 8 characters').optional(),
    /** A file holding the secret, read at start. */
    secret_access_key_file: z.string().min(1).optional(),
    /** The user name bucket policies know the key by (`…:user/<user>`); default the key id. */
    user: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/, 'letters, digits and + = , . @ _ - (1–64)')
      .optional(),
  })
  .strict()
  .refine((c) => (c.secret_access_key === undefined) !== (c.secret_access_key_file === undefined), {
    message: 'give exactly one of secret_access_key and secret_access_key_file',
  });
