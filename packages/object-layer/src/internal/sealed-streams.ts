import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import {
  decryptSegments,
  encryptSegment,
  encryptedBlobSize,
  encryptedSize,
  planRange,
  type SegmentEncryptor,
} from '@strata/envelope';
import type { ByteRange } from '@strata/backend-pool';
import type { ObjectEncryption, ObjectRecord } from '@strata/metastore-core';
import { wrappedKeyOf, type Seal } from './seal.js';

/**
 * What an encrypted version's chunks are bound to: its bucket, key and version (the write id of
 * its blob), so a blob copied under another object, or another version, does not decrypt. Every
 * copy of one version (replicas, drained copies) shares it, so ciphertext moves as is.
 */
export function identityOf(bucket: string, key: string, versionId: string): string {
  return `${bucket}/${key}@${versionId}`;
}

/** Plaintext bytes of each segment of a version: one per part, or its size for a single PUT. */
export function segmentSizes(record: Pick<ObjectRecord, 'size' | 'parts'>): number[] {
  return record.parts.length > 0 ? record.parts.map((p) => p.size) : [record.size];
}

/** Bytes a version's blob holds on a backend: its size, or its encrypted size. */
export function storedSize(record: Pick<ObjectRecord, 'size' | 'parts' | 'encryption'>): number {
  const encryption = record.encryption;
  return encryption === undefined
    ? record.size
    : encryptedBlobSize(segmentSizes(record), encryption.chunkSize);
}

/** Bytes a backend stores for one segment of `plain` plaintext bytes: as is without a seal. */
export function storedBytesOf(seal: Seal | undefined, plain: number): number {
  return seal === undefined ? plain : encryptedSize(plain, seal.encryption.chunkSize);
}

/** One segment on its way to a backend (see {@link sealSegment}). */
export interface SegmentWrite {
  /** What the backend reads: the plaintext itself, or its encryptor. */
  readonly stream: Readable;
  /** The base64 salt the record keeps for the segment; `undefined` for plaintext. */
  readonly salt: string | undefined;
}

/**
 * The bytes of one segment (a single PUT's blob, a copy's, or a part) as a backend is to get
 * them: `plain` itself without a seal, else `plain` encrypted while streaming and bound to
 * `identity` and `partNumber` (see {@link encryptStream}).
 */
export function sealSegment(
  plain: Readable,
  seal: Seal | undefined,
  identity: string,
  partNumber = 0,
): SegmentWrite {
  if (seal === undefined) return { stream: plain, salt: undefined };
  const encryptor = encryptStream(plain, seal, identity, partNumber);
  return { stream: encryptor, salt: encryptor.header.salt.toString('base64') };
}

/** The record's encryption for a single-segment version once its segment is stored. */
export function sealedRecord(seal: Seal, salt: string | undefined): ObjectEncryption {
  if (salt === undefined) throw new Error('an encrypted segment was stored without its salt');
  return { ...seal.encryption, salts: [salt] };
}

/**
 * Encrypts `source` into one segment (a single PUT's blob, or a part) while streaming. The
 * returned encryptor is the readable side for the backend; a pipeline owns both streams and
 * destroys both when either fails, so the backend's reader sees the error. `encryptor.header.salt`
 * is what the record keeps once the segment is stored.
 */
export function encryptStream(
  source: Readable,
  seal: Seal,
  identity: string,
  partNumber = 0,
): SegmentEncryptor {
  const encryptor = encryptSegment({
    dataKey: seal.dataKey,
    wrappedKey: wrappedKeyOf(seal.encryption),
    identity,
    partNumber,
    chunkSize: seal.encryption.chunkSize,
  });
  // The callback only keeps the pipeline's error from going unhandled: the encryptor carries it.
  pipeline(source, encryptor, () => {});
  return encryptor;
}

/** How to read plaintext `start..end` of an encrypted version from one of its copies. */
export interface SealedRead {
  /** The stored bytes to ask the backend for; `undefined` for the whole blob. */
  readonly range: ByteRange | undefined;
  /** Decrypts the backend's stream; the returned stream owns it (a pipeline destroys both). */
  readonly decrypt: (stored: Readable) => Readable;
}

/**
 * Plans the read of plaintext bytes `start..end` (inclusive) of an encrypted version: the whole
 * blob when `whole` (headers read from the bytes, part numbers checked against the record), else
 * only the frames the range touches (`planRange`), decrypted from the segment header the record's
 * salts rebuild. Every byte passed on is authenticated first; a tampered, truncated or foreign
 * blob fails the stream.
 */
export function planSealedRead(
  record: ObjectRecord & { readonly encryption: ObjectEncryption },
  dataKey: Buffer,
  start: number,
  end: number,
  whole: boolean,
): SealedRead {
  const { encryption } = record;
  const identity = identityOf(record.bucket, record.key, record.versionId);
  const partNumbers = record.parts.length > 0 ? record.parts.map((p) => p.partNumber) : [0];
  const key = () => dataKey;
  const through = (decryptor: Readable & NodeJS.WritableStream) => (stored: Readable) => {
    pipeline(stored, decryptor, () => {});
    return decryptor;
  };
  if (whole) {
    return {
      range: undefined,
      decrypt: (stored) =>
        through(decryptSegments({ identity, dataKey: key, partNumbers }))(stored),
    };
  }
  const plan = planRange(segmentSizes(record), encryption.chunkSize, start, end);
  const salt = encryption.salts[plan.segment];
  if (salt === undefined) {
    throw new Error(`${record.bucket}/${record.key} has no salt for segment ${plan.segment}`);
  }
  const header = {
    chunkSize: encryption.chunkSize,
    partNumber: partNumbers[plan.segment]!,
    salt: Buffer.from(salt, 'base64'),
    dataKey: wrappedKeyOf(encryption),
  };
  return {
    range: { start: plan.cipherStart, end: plan.cipherEnd },
    decrypt: (stored) =>
      through(
        decryptSegments({
          identity,
          dataKey: key,
          partNumbers,
          start: { header, chunkIndex: plan.chunkIndex },
          skip: plan.skip,
          length: plan.length,
        }),
      )(stored),
  };
}
