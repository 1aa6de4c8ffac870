import type { Context } from 'hono';
import type { ObjectEncryption } from '@strata/object-layer';
import type { GatewayEnv, RequestEncryption } from '../../env.js';
import { encryptionHeaders } from '../../http/server-side-encryption.js';

const NONE: RequestEncryption = {
  write: undefined,
  customerKey: undefined,
  sourceCustomerKey: undefined,
};

/** What the request's SSE headers ask for (read by the `serverSideEncryption()` middleware). */
export function sseOf(c: Context<GatewayEnv>): RequestEncryption {
  return c.get('sse') ?? NONE;
}

/**
 * Sets the SSE response headers of a write's answer from what was stored: S3 echoes the method,
 * KMS key id, encryption context and bucket-key flag, or the SSE-C algorithm and key MD5.
 */
export function setEncryptionHeaders(
  c: Context<GatewayEnv>,
  encryption: ObjectEncryption | undefined,
): void {
  for (const [name, value] of Object.entries(encryptionHeaders(encryption, { context: true }))) {
    c.header(name, value);
  }
}
