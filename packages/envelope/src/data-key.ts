import { hkdfSync, randomBytes } from 'node:crypto';

/** Bytes of a data key: AES-256. */
export const DATA_KEY_SIZE = 32;
/** Bytes of a segment's salt. */
export const SALT_SIZE = 16;

/** A fresh random data key for one object version. */
export function generateDataKey(): Buffer {
  return randomBytes(DATA_KEY_SIZE);
}

/**
 * The key one segment's chunks are sealed with: HKDF-SHA256 of the object's data key and the
 * segment's random salt. A part uploaded twice gets two salts, so no key ever seals two chunks
 * under the same nonce, although nonces are only chunk indexes.
 */
export function deriveSegmentKey(dataKey: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, salt, 'strata-envelope/v1 segment key', 32));
}
