import { z } from 'zod';
import {
  DEFAULT_CHUNK_SIZE,
  MASTER_KEY_SIZE,
  MAX_CHUNK_SIZE,
  MIN_CHUNK_SIZE,
} from '@strata/envelope';
import { ConfiguredKey, decodeKeyText } from './configured-key.js';
import { flag, size } from './schema-parts.js';

/** Master key ids: what `@strata/envelope` accepts (the segment header has room for 63 bytes). */
const KEY_ID = /^[A-Za-z0-9._:/-]{1,63}$/;

/**
 * The key id an SSE-C object records for its customer's key (`@strata/object-layer`'s
 * `CUSTOMER_KEY_ID`): a master key of that id would be confused with it, so it is refused.
 */
export const RESERVED_KEY_ID = 'sse-c';

/**
 * A master key: `file:/path` (read at start), or the key itself as base64 or hex (usually
 * `${VAR}`, expanded from the environment). No message ever quotes the value.
 */
const masterKey = z.string().transform((value, ctx) => {
  if (value.startsWith('file:')) {
    const file = value.slice('file:'.length);
    if (file.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'file: needs a path, e.g. file:/etc/strata/k1.key' });
      return z.NEVER;
    }
    return ConfiguredKey.fromFile(file);
  }
  const decoded = decodeKeyText(value);
  if ('reason' in decoded) {
    ctx.addIssue({
      code: 'custom',
      message: `must be ${MASTER_KEY_SIZE} bytes, as base64 (44 characters, \`openssl rand -base64 32\`) or hex (64 characters), or file:/path; ${decoded.reason}`,
    });
    return z.NEVER;
  }
  return ConfiguredKey.inline(decoded.bytes);
});

/**
 * `encryption`: the master keys of encryption at rest and the settings of encrypted objects.
 * Without `keys`, SSE-S3 and SSE-KMS writes are refused (SSE-C needs no master key).
 */
export const encryptionSchema = z
  .object({
    /** Master keys by id, 32 bytes each. */
    keys: z.record(z.string(), masterKey).optional(),
    /** The id of the key that wraps new data keys; one of `keys`. */
    current: z.string().optional(),
    /** Plaintext bytes per encrypted frame of new objects (a ranged read fetches whole frames). */
    chunk_size: size
      .refine((bytes) => bytes >= MIN_CHUNK_SIZE && bytes <= MAX_CHUNK_SIZE, {
        message: 'must be between 1KiB and 16MiB',
      })
      .default(DEFAULT_CHUNK_SIZE),
    /** Accept SSE-C customer keys over plain HTTP (S3 refuses them): for loopback tests only. */
    allow_customer_keys_over_http: flag.default(false),
  })
  .strict()
  .superRefine((config, ctx) => {
    const ids = Object.keys(config.keys ?? {});
    for (const id of ids) {
      if (!KEY_ID.test(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['keys', id],
          message: 'a key id is 1 to 63 characters of A-Z a-z 0-9 . _ : / -',
        });
      } else if (id === RESERVED_KEY_ID) {
        ctx.addIssue({
          code: 'custom',
          path: ['keys', id],
          message: `the id "${RESERVED_KEY_ID}" is reserved for customer-provided keys (SSE-C)`,
        });
      }
    }
    if (config.keys !== undefined && ids.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['keys'], message: 'list at least one key' });
    } else if (config.current === undefined && ids.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['current'],
        message: 'is required with encryption.keys: the id of the key that wraps new data keys',
      });
    } else if (config.current !== undefined && !ids.includes(config.current)) {
      ctx.addIssue({
        code: 'custom',
        path: ['current'],
        message: `${JSON.stringify(config.current)} is not among encryption.keys`,
      });
    }
  })
  .prefault({});

/** The validated `encryption` section. */
export type EncryptionConfig = z.output<typeof encryptionSchema>;
