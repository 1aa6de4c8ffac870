import { randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { SALT_SIZE } from './data-key.js';
import { DEFAULT_CHUNK_SIZE, assertChunkSize } from './format.js';
import { ByteQueue } from './internal/byte-queue.js';
import { SegmentCipher } from './internal/chunk-cipher.js';
import type { WrappedDataKey } from './key-wrapper.js';
import { encodeSegmentHeader, type SegmentHeader } from './segment-header.js';

/** What {@link encryptSegment} needs. */
export interface EncryptSegmentOptions {
  /** The object version's data key (from `generateDataKey`). */
  readonly dataKey: Buffer;
  /** The same key wrapped by a master key: stored in the header for recovery. */
  readonly wrappedKey: WrappedDataKey;
  /**
   * What the bytes belong to, e.g. `bucket/key@version`. Reading needs the same identity, so a
   * segment copied under another object's name does not decrypt.
   */
  readonly identity: string;
  /** The part number of a multipart part; 0 (the default) for a single PUT. */
  readonly partNumber?: number | undefined;
  /** Plaintext bytes per frame; {@link DEFAULT_CHUNK_SIZE} by default. */
  readonly chunkSize?: number | undefined;
}

/**
 * Encrypts one segment while streaming: write plaintext, read the header and then frames. Holds
 * at most one chunk (it cannot tell a full chunk from the last one until more bytes or the end
 * come). The caller owns the stream: it must listen for `'error'` and destroy it when done.
 */
export class SegmentEncryptor extends Transform {
  /** The header this segment starts with (its salt is what a reader's metastore keeps). */
  readonly header: SegmentHeader;
  readonly #cipher: SegmentCipher;
  readonly #pending = new ByteQueue();
  #index = 0;
  #plainBytes = 0;

  constructor(options: EncryptSegmentOptions) {
    super();
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    assertChunkSize(chunkSize);
    this.header = {
      chunkSize,
      partNumber: options.partNumber ?? 0,
      salt: randomBytes(SALT_SIZE),
      dataKey: options.wrappedKey,
    };
    const encoded = encodeSegmentHeader(this.header);
    this.#cipher = new SegmentCipher(options.dataKey, this.header, options.identity);
    this.push(encoded);
  }

  /** Plaintext bytes taken so far (all of them once the stream has finished). */
  get plainBytes(): number {
    return this.#plainBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#plainBytes += chunk.length;
    this.#pending.push(chunk);
    const size = this.#cipher.chunkSize;
    // Strictly more than a chunk held: the first one is not the last.
    while (this.#pending.length > size) {
      this.#pushAll(this.#cipher.seal(this.#index++, false, this.#pending.take(size)));
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.#pushAll(this.#cipher.seal(this.#index++, true, this.#pending.take(this.#pending.length)));
    done();
  }

  #pushAll(pieces: readonly Buffer[]): void {
    // An empty last chunk seals to no ciphertext: a zero-byte push would only stall reading.
    for (const piece of pieces) if (piece.length > 0) this.push(piece);
  }
}

/** Starts encrypting one segment: see {@link SegmentEncryptor}. */
export function encryptSegment(options: EncryptSegmentOptions): SegmentEncryptor {
  return new SegmentEncryptor(options);
}
