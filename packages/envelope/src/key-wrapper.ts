import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EnvelopeError } from './envelope-error.js';
import { DATA_KEY_SIZE } from './data-key.js';

/** A data key wrapped (encrypted) by a master key, with the id of that key. */
export interface WrappedDataKey {
  /** The id of the master key that wrapped it. */
  readonly keyId: string;
  /** {@link WRAPPED_KEY_SIZE} bytes: GCM nonce, the encrypted data key, GCM tag. */
  readonly wrapped: Buffer;
}

/** Wraps and unwraps data keys under one master key (a configured key, or an SSE-C key). */
export interface KeyWrapper {
  /** The id stored beside every key it wraps. */
  readonly keyId: string;
  wrap(dataKey: Buffer): WrappedDataKey;
  /** @throws EnvelopeError `EENVELOPE_AUTH` when `wrapped` is not a key this wrapper wrapped. */
  unwrap(wrapped: WrappedDataKey): Buffer;
}

const NONCE_SIZE = 12;
const TAG_SIZE = 16;
/** Bytes of a wrapped data key: a 12-byte nonce, the 32-byte key and a 16-byte tag. */
export const WRAPPED_KEY_SIZE = NONCE_SIZE + DATA_KEY_SIZE + TAG_SIZE;
/** Bytes of a master key: AES-256. */
export const MASTER_KEY_SIZE = 32;
/** Longest key id, in bytes: what the segment header has room for. */
export const MAX_KEY_ID_LENGTH = 63;
const KEY_ID = /^[A-Za-z0-9._:/-]{1,63}$/;

/** @throws TypeError when `keyId` is empty, longer than 63 bytes, or has other than `A-Za-z0-9._:/-`. */
export function assertKeyId(keyId: string): void {
  if (!KEY_ID.test(keyId)) {
    throw new TypeError(
      `key id ${JSON.stringify(keyId)} must be 1 to ${MAX_KEY_ID_LENGTH} characters of A-Z a-z 0-9 . _ : / -`,
    );
  }
}

/**
 * The key wrapper of one master key: AES-256-GCM with a random nonce per wrap, the key id bound
 * as additional data so a wrapped key relabelled with another id does not unwrap.
 *
 * @throws TypeError when `keyId` is malformed or `masterKey` is not 32 bytes.
 */
export function createKeyWrapper(keyId: string, masterKey: Buffer): KeyWrapper {
  assertKeyId(keyId);
  if (masterKey.length !== MASTER_KEY_SIZE) {
    throw new TypeError(
      `master key "${keyId}" must be ${MASTER_KEY_SIZE} bytes, got ${masterKey.length}`,
    );
  }
  const key = Buffer.from(masterKey); // A private copy: the caller may zero or reuse its buffer.
  const aad = Buffer.from(`strata-envelope/v1 data key\0${keyId}`, 'latin1');
  return {
    keyId,
    wrap(dataKey) {
      if (dataKey.length !== DATA_KEY_SIZE) {
        throw new TypeError(`a data key is ${DATA_KEY_SIZE} bytes, got ${dataKey.length}`);
      }
      const nonce = randomBytes(NONCE_SIZE);
      const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(aad);
      const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      return { keyId, wrapped: Buffer.concat([nonce, sealed, cipher.getAuthTag()]) };
    },
    unwrap({ keyId: id, wrapped }) {
      if (id !== keyId || wrapped.length !== WRAPPED_KEY_SIZE) {
        throw new EnvelopeError(
          'EENVELOPE_AUTH',
          `the data key was not wrapped by master key "${keyId}"`,
        );
      }
      const decipher = createDecipheriv('aes-256-gcm', key, wrapped.subarray(0, NONCE_SIZE)).setAAD(
        aad,
      );
      decipher.setAuthTag(wrapped.subarray(NONCE_SIZE + DATA_KEY_SIZE));
      try {
        return Buffer.concat([
          decipher.update(wrapped.subarray(NONCE_SIZE, NONCE_SIZE + DATA_KEY_SIZE)),
          decipher.final(),
        ]);
      } catch (cause) {
        throw new EnvelopeError(
          'EENVELOPE_AUTH',
          `the data key does not authenticate under master key "${keyId}" (another key with the same id, or tampered)`,
          { cause },
        );
      }
    },
  };
}
