import { EnvelopeError } from './envelope-error.js';
import { ENVELOPE_MAGIC, ENVELOPE_VERSION, HEADER_SIZE, assertChunkSize } from './format.js';
import { SALT_SIZE } from './data-key.js';
import {
  MAX_KEY_ID_LENGTH,
  WRAPPED_KEY_SIZE,
  assertKeyId,
  type WrappedDataKey,
} from './key-wrapper.js';

/** What a segment header says: enough to decrypt the segment given the master key. */
export interface SegmentHeader {
  /** Plaintext bytes of every frame but the last. */
  readonly chunkSize: number;
  /** The part number of a multipart object's part; 0 for a single PUT's only segment. */
  readonly partNumber: number;
  /** Random per segment: the segment key is derived from the data key and it. */
  readonly salt: Buffer;
  /** The object's data key, wrapped by a master key (as when the segment was written). */
  readonly dataKey: WrappedDataKey;
}

// Layout (offsets in bytes): 0 magic, 4 version, 5-7 zero, 8 chunk size (u32 BE), 12 part number
// (u32 BE), 16 salt, 32 key id length, 33 key id (zero padded), 96 wrapped data key, 156-159 zero.
const AT_VERSION = 4;
const AT_CHUNK_SIZE = 8;
const AT_PART_NUMBER = 12;
const AT_SALT = 16;
const AT_KEY_ID_LENGTH = AT_SALT + SALT_SIZE;
const AT_KEY_ID = AT_KEY_ID_LENGTH + 1;
const AT_WRAPPED = AT_KEY_ID + MAX_KEY_ID_LENGTH;
/** The highest part number S3 allows. */
const MAX_PART_NUMBER = 10_000;

/** The {@link HEADER_SIZE} bytes that start a segment. */
export function encodeSegmentHeader(header: SegmentHeader): Buffer {
  assertChunkSize(header.chunkSize);
  assertPartNumber(header.partNumber);
  assertKeyId(header.dataKey.keyId);
  if (header.salt.length !== SALT_SIZE) throw new TypeError(`a salt is ${SALT_SIZE} bytes`);
  if (header.dataKey.wrapped.length !== WRAPPED_KEY_SIZE) {
    throw new TypeError(`a wrapped data key is ${WRAPPED_KEY_SIZE} bytes`);
  }
  const out = Buffer.alloc(HEADER_SIZE);
  ENVELOPE_MAGIC.copy(out, 0);
  out[AT_VERSION] = ENVELOPE_VERSION;
  out.writeUInt32BE(header.chunkSize, AT_CHUNK_SIZE);
  out.writeUInt32BE(header.partNumber, AT_PART_NUMBER);
  header.salt.copy(out, AT_SALT);
  out[AT_KEY_ID_LENGTH] = out.write(header.dataKey.keyId, AT_KEY_ID, 'latin1');
  header.dataKey.wrapped.copy(out, AT_WRAPPED);
  return out;
}

/**
 * Reads a segment header.
 *
 * @throws EnvelopeError `EENVELOPE_FORMAT` when `bytes` is not a version-1 header.
 */
export function decodeSegmentHeader(bytes: Buffer): SegmentHeader {
  const malformed = (why: string) =>
    new EnvelopeError('EENVELOPE_FORMAT', `not an envelope segment header: ${why}`);
  if (bytes.length < HEADER_SIZE) throw malformed(`${bytes.length} bytes`);
  if (!bytes.subarray(0, ENVELOPE_MAGIC.length).equals(ENVELOPE_MAGIC)) throw malformed('magic');
  const version = bytes[AT_VERSION];
  if (version !== ENVELOPE_VERSION) throw malformed(`format version ${version}`);
  const chunkSize = bytes.readUInt32BE(AT_CHUNK_SIZE);
  const partNumber = bytes.readUInt32BE(AT_PART_NUMBER);
  const keyIdLength = bytes[AT_KEY_ID_LENGTH]!;
  const keyId = bytes.toString('latin1', AT_KEY_ID, AT_KEY_ID + keyIdLength);
  try {
    assertChunkSize(chunkSize);
    assertPartNumber(partNumber);
    assertKeyId(keyId);
  } catch (error) {
    throw malformed((error as Error).message);
  }
  return {
    chunkSize,
    partNumber,
    salt: Buffer.from(bytes.subarray(AT_SALT, AT_SALT + SALT_SIZE)),
    dataKey: {
      keyId,
      wrapped: Buffer.from(bytes.subarray(AT_WRAPPED, AT_WRAPPED + WRAPPED_KEY_SIZE)),
    },
  };
}

function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 0 || partNumber > MAX_PART_NUMBER) {
    throw new RangeError(`part number must be 0 to ${MAX_PART_NUMBER}, got ${partNumber}`);
  }
}
