import { createCipheriv, createDecipheriv, createHash, randomBytes, type Hash } from 'node:crypto';
import { once } from 'node:events';
import type { Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  DEFAULT_CHUNK_SIZE,
  Keyring,
  decryptSegments,
  encryptSegment,
  encryptedSize,
  generateDataKey,
  type WrappedDataKey,
} from '@strata/envelope';
import { consecutivePieces, pieceLengths, piecesOf, type Piece } from './envelope-pieces.js';

/** One object's key material, as a gateway would hold it for a PUT or a GET. */
export type EnvelopeKeys = {
  readonly dataKey: Buffer;
  readonly wrappedKey: WrappedDataKey;
  readonly identity: string;
};

/** A fresh data key, wrapped by a one-key keyring, for a made-up object version. */
export function createEnvelopeKeys(): EnvelopeKeys {
  const keyring = new Keyring({ keys: { bench: randomBytes(32) }, current: 'bench' });
  const dataKey = generateDataKey();
  return { dataKey, wrappedKey: keyring.wrap(dataKey), identity: 'bench/envelope/object@v1' };
}

/**
 * A blob encrypted once, before anything is timed, and decrypted by every decrypt sample:
 * `stored` is what `encryptSegment` wrote (header and frames); `raw` the same plaintext under one
 * AES-256-GCM with no framing, for the `raw` column.
 */
export type PreparedBlob = {
  readonly plainSize: number;
  /** The plaintext: these pieces of the source buffer. */
  readonly plainPieces: readonly Piece[];
  /** SHA-256 of the plaintext, hex: what every checked decryption must reproduce. */
  readonly plainSha256: string;
  readonly stored: Buffer;
  /** How `stored` is written into a decryptor: 64 KiB–1 MiB reads. */
  readonly storedPieces: readonly Piece[];
  readonly raw: {
    readonly iv: Buffer;
    readonly ciphertext: Buffer;
    readonly tag: Buffer;
    readonly pieces: readonly Piece[];
  };
};

/**
 * Writes `pieces` of `source` into `stream` with backpressure, hands every output buffer to
 * `onData`, and resolves when the stream has ended (rejects with its error).
 */
export async function pump(
  stream: Transform,
  source: Buffer,
  pieces: readonly Piece[],
  onData: (b: Buffer) => void,
): Promise<void> {
  stream.on('data', onData);
  const done = finished(stream);
  // `finished` also rejects on error; handled now so an early error is not unhandled.
  done.catch(() => undefined);
  for (const piece of piecesOf(source, pieces)) {
    // An errored stream never drains: stop writing and let `done` reject with its error.
    if (stream.destroyed) break;
    if (!stream.write(piece)) await once(stream, 'drain');
  }
  if (!stream.destroyed) stream.end();
  await done;
}

/**
 * `strata` encrypt: one segment through `encryptSegment` with the default chunk size; the output
 * is counted (or handed to `onData`) and dropped. Returns the plaintext bytes.
 *
 * @throws Error when the stored size is not the format's `encryptedSize`.
 */
export async function strataEncrypt(
  keys: EnvelopeKeys,
  source: Buffer,
  pieces: readonly Piece[],
  onData?: (b: Buffer) => void,
): Promise<number> {
  const plain = pieces.reduce((sum, p) => sum + p.length, 0);
  let stored = 0;
  await pump(encryptSegment(keys), source, pieces, (b) => {
    stored += b.length;
    onData?.(b);
  });
  const expected = encryptedSize(plain, DEFAULT_CHUNK_SIZE);
  if (stored !== expected) throw new Error(`encrypted to ${stored} bytes, expected ${expected}`);
  return plain;
}

/** `raw` encrypt: one `aes-256-gcm` cipher over the same writes, output dropped. */
export function rawEncrypt(key: Buffer, source: Buffer, pieces: readonly Piece[]): number {
  const cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
  let plain = 0;
  for (const piece of piecesOf(source, pieces)) {
    cipher.update(piece);
    plain += piece.length;
  }
  cipher.final();
  cipher.getAuthTag();
  return plain;
}

/** Encrypts `plainPieces` of `source` both ways, once, into a {@link PreparedBlob}. */
export async function prepareBlob(
  keys: EnvelopeKeys,
  source: Buffer,
  plainPieces: readonly Piece[],
): Promise<PreparedBlob> {
  const plainSize = plainPieces.reduce((sum, p) => sum + p.length, 0);
  const hash = createHash('sha256');
  for (const piece of piecesOf(source, plainPieces)) hash.update(piece);
  const stored = Buffer.allocUnsafe(encryptedSize(plainSize, DEFAULT_CHUNK_SIZE));
  let filled = 0;
  await strataEncrypt(keys, source, plainPieces, (b) => {
    filled += b.copy(stored, filled);
  });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.dataKey, iv);
  const ciphertext = Buffer.allocUnsafe(plainSize);
  let at = 0;
  for (const piece of piecesOf(source, plainPieces))
    at += cipher.update(piece).copy(ciphertext, at);
  at += cipher.final().copy(ciphertext, at);
  if (filled !== stored.length || at !== plainSize) throw new Error('a short blob');
  return {
    plainSize,
    plainPieces,
    plainSha256: hash.digest('hex'),
    stored,
    storedPieces: consecutivePieces(pieceLengths(stored.length, 3)),
    raw: {
      iv,
      ciphertext,
      tag: cipher.getAuthTag(),
      pieces: consecutivePieces(pieceLengths(plainSize, 4)),
    },
  };
}

/**
 * `strata` decrypt: the stored blob through `decryptSegments` (every frame authenticated), the
 * plaintext counted and dropped, or hashed into `hash`. Returns the plaintext bytes.
 *
 * @throws Error when fewer or more bytes come out than went in; the decryptor's EnvelopeError.
 */
export async function strataDecrypt(
  keys: EnvelopeKeys,
  blob: PreparedBlob,
  hash?: Hash,
): Promise<number> {
  const decrypt = decryptSegments({ identity: keys.identity, dataKey: () => keys.dataKey });
  let plain = 0;
  await pump(decrypt, blob.stored, blob.storedPieces, (b) => {
    plain += b.length;
    hash?.update(b);
  });
  if (plain !== blob.plainSize) throw new Error(`decrypted ${plain} of ${blob.plainSize} bytes`);
  return plain;
}

/**
 * `raw` decrypt: one `aes-256-gcm` decipher over the raw ciphertext, its tag checked at the
 * end; the plaintext dropped, or hashed into `hash`. Returns the plaintext bytes.
 *
 * @throws Error from `final()` when the tag does not verify.
 */
export function rawDecrypt(key: Buffer, blob: PreparedBlob, hash?: Hash): number {
  const { iv, ciphertext, tag, pieces } = blob.raw;
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  let plain = 0;
  const take = (b: Buffer) => {
    plain += b.length;
    hash?.update(b);
  };
  for (const piece of piecesOf(ciphertext, pieces)) take(decipher.update(piece));
  take(decipher.final());
  return plain;
}
