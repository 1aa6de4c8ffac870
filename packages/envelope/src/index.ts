/**
 * `@strata/envelope`: envelope encryption for object storage. Each object version gets a random
 * data key, wrapped by a named master key from a {@link Keyring}; its bytes are stored as
 * segments (one per single PUT, one per multipart part) of AES-256-GCM chunk frames whose
 * additional data binds the object's identity, the part, the chunk's index and a last-chunk
 * flag, so chunks cannot be reordered, truncated, swapped between objects or replayed. A
 * plaintext range maps to the few frames that hold it ({@link planRange}); a header at each
 * segment's start makes a blob readable from the stored bytes alone, given the master key.
 * Node's crypto (OpenSSL) does the cipher work. A leaf package: no other Strata package involved.
 *
 * @example
 * ```ts
 * import { Keyring, decryptSegments, encryptSegment, generateDataKey } from '@strata/envelope';
 * import { pipeline } from 'node:stream/promises';
 * import { randomBytes } from 'node:crypto';
 *
 * const keyring = new Keyring({ keys: { k1: randomBytes(32) }, current: 'k1' });
 * const dataKey = generateDataKey();
 * const identity = 'photos/cat.jpg@v1';
 * const encrypt = encryptSegment({ dataKey, wrappedKey: keyring.wrap(dataKey), identity });
 * const stored: Buffer[] = [];
 * await pipeline([Buffer.from('hello')], encrypt, async (source) => {
 *   for await (const chunk of source) stored.push(chunk as Buffer);
 * });
 * // From the stored bytes alone, given the keyring:
 * const decrypt = decryptSegments({ identity, dataKey: (h) => keyring.unwrap(h.dataKey) });
 * let text = '';
 * await pipeline(stored, decrypt, async (source) => {
 *   for await (const chunk of source) text += String(chunk);
 * });
 * text; // 'hello'
 * ```
 *
 * @module
 */
export {
  DEFAULT_CHUNK_SIZE,
  ENVELOPE_MAGIC,
  ENVELOPE_VERSION,
  FRAME_OVERHEAD,
  HEADER_SIZE,
  MAX_CHUNK_SIZE,
  MIN_CHUNK_SIZE,
  chunkCount,
  encryptedBlobSize,
  encryptedSize,
} from './format.js';
export { EnvelopeError, MissingKeyError, isEnvelopeError } from './envelope-error.js';
export type { EnvelopeErrorCode } from './envelope-error.js';
export { DATA_KEY_SIZE, SALT_SIZE, generateDataKey } from './data-key.js';
export {
  MASTER_KEY_SIZE,
  MAX_KEY_ID_LENGTH,
  WRAPPED_KEY_SIZE,
  createKeyWrapper,
} from './key-wrapper.js';
export type { KeyWrapper, WrappedDataKey } from './key-wrapper.js';
export { Keyring } from './keyring.js';
export type { KeyringOptions } from './keyring.js';
export { decodeSegmentHeader, encodeSegmentHeader } from './segment-header.js';
export type { SegmentHeader } from './segment-header.js';
export { SegmentEncryptor, encryptSegment } from './encrypt-segment.js';
export type { EncryptSegmentOptions } from './encrypt-segment.js';
export { SegmentDecryptor, decryptSegments } from './decrypt-segments.js';
export type { DecryptSegmentsOptions } from './decrypt-segments.js';
export { planRange } from './plan-range.js';
export type { RangePlan } from './plan-range.js';
