import { Transform, type TransformCallback } from 'node:stream';
import { EnvelopeError } from './envelope-error.js';
import { FRAME_PREFIX_SIZE, HEADER_SIZE, TAG_SIZE } from './format.js';
import { ByteQueue } from './internal/byte-queue.js';
import { SegmentCipher, parseFramePrefix } from './internal/chunk-cipher.js';
import { decodeSegmentHeader, type SegmentHeader } from './segment-header.js';

/** What {@link decryptSegments} needs. */
export interface DecryptSegmentsOptions {
  /** The identity the segments were encrypted with. */
  readonly identity: string;
  /**
   * The data key of a segment, given its header: `keyring.unwrap(header.dataKey)` to read from
   * the stored bytes alone, or the key the metastore keeps (current after a rotation).
   */
  readonly dataKey: (header: SegmentHeader) => Buffer;
  /**
   * Where the bytes written in start. Absent: at a segment header (the start of a blob). From a
   * {@link RangePlan}: at a frame of the segment this header describes.
   */
  readonly start?: { readonly header: SegmentHeader; readonly chunkIndex: number } | undefined;
  /** Plaintext bytes to drop before the first one emitted (a range starting inside a chunk). */
  readonly skip?: number | undefined;
  /**
   * Plaintext bytes to emit; the input must hold them all. Absent: everything, and the input
   * must end right after a segment's last frame.
   */
  readonly length?: number | undefined;
  /**
   * The part numbers of the segments, in order, when known (from the metastore); each header
   * read must name the next one. Without them, part numbers must increase from segment to
   * segment, so segments swapped with their headers are still found out.
   */
  readonly partNumbers?: readonly number[] | undefined;
}

/**
 * Decrypts segments while streaming: write stored bytes, read plaintext. Every frame is
 * authenticated before a byte of it is passed on; a tampered, moved or foreign frame, a header
 * that does not fit, or input that ends early fails the stream with an {@link EnvelopeError}
 * (or a `MissingKeyError` from `dataKey`). Holds at most one frame. The caller owns the stream:
 * it must listen for `'error'` and destroy it when done.
 */
export class SegmentDecryptor extends Transform {
  readonly #options: DecryptSegmentsOptions;
  readonly #queue = new ByteQueue();
  #cipher: SegmentCipher | undefined;
  #index = 0;
  /** Index into `partNumbers` of the current segment; -1 before the first. */
  #segment = -1;
  #lastPartNumber = -1;
  /** After a last frame, before the next header (or the end). */
  #betweenSegments = true;
  #skip: number;
  #remaining: number;

  constructor(options: DecryptSegmentsOptions) {
    super();
    this.#options = options;
    this.#skip = options.skip ?? 0;
    this.#remaining = options.length ?? Number.POSITIVE_INFINITY;
    if (options.start) {
      const partNumber = options.start.header.partNumber;
      const segment = options.partNumbers?.indexOf(partNumber) ?? 0;
      if (segment < 0) throw new TypeError(`part ${partNumber} is not among partNumbers`);
      this.#enter(options.start.header, segment);
      this.#index = options.start.chunkIndex;
    }
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    // Past the end of the range nothing more is needed (a planned range ends right there).
    if (this.#remaining > 0) this.#queue.push(chunk);
    try {
      this.#drain();
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    const complete =
      this.#options.length === undefined
        ? this.#betweenSegments && this.#segment >= 0 && this.#queue.length === 0
        : this.#remaining === 0;
    if (complete) {
      done();
      return;
    }
    done(
      new EnvelopeError(
        'EENVELOPE_TRUNCATED',
        this.#options.length === undefined
          ? 'the stored bytes end inside a segment'
          : `the stored bytes end ${this.#remaining} plaintext bytes short of the range`,
      ),
    );
  }

  #drain(): void {
    while (this.#remaining > 0) {
      if (this.#betweenSegments) {
        if (this.#queue.length < HEADER_SIZE) return;
        this.#readHeader(this.#queue.take(HEADER_SIZE));
        continue;
      }
      if (this.#queue.length < FRAME_PREFIX_SIZE) return;
      const { last, length } = parseFramePrefix(this.#queue.peek(FRAME_PREFIX_SIZE));
      const cipher = this.#cipher!;
      if (length > cipher.chunkSize || (!last && length !== cipher.chunkSize)) {
        throw new EnvelopeError(
          'EENVELOPE_FORMAT',
          `chunk ${this.#index} of segment ${cipher.partNumber} claims ${length} bytes`,
        );
      }
      if (this.#queue.length < FRAME_PREFIX_SIZE + length + TAG_SIZE) return;
      this.#queue.take(FRAME_PREFIX_SIZE);
      const plain = cipher.open(this.#index++, last, this.#queue.take(length + TAG_SIZE));
      this.#emit(plain);
      if (last) this.#betweenSegments = true;
    }
  }

  #emit(plain: Buffer): void {
    let out = plain;
    if (this.#skip > 0) {
      const dropped = Math.min(this.#skip, out.length);
      this.#skip -= dropped;
      out = out.subarray(dropped);
    }
    if (out.length > this.#remaining) out = out.subarray(0, this.#remaining);
    this.#remaining -= out.length;
    if (out.length > 0) this.push(out);
  }

  #readHeader(bytes: Buffer): void {
    const header = decodeSegmentHeader(bytes);
    const expected = this.#options.partNumbers;
    const next = this.#segment + 1;
    if (expected !== undefined && expected[next] !== header.partNumber) {
      throw new EnvelopeError(
        'EENVELOPE_AUTH',
        `segment ${next} is part ${header.partNumber}, expected part ${expected[next] ?? 'none'}`,
      );
    }
    if (header.partNumber <= this.#lastPartNumber) {
      throw new EnvelopeError(
        'EENVELOPE_AUTH',
        `part ${header.partNumber} follows part ${this.#lastPartNumber}: segments out of order`,
      );
    }
    const chunkSize = this.#cipher?.chunkSize ?? this.#options.start?.header.chunkSize;
    if (chunkSize !== undefined && header.chunkSize !== chunkSize) {
      throw new EnvelopeError(
        'EENVELOPE_FORMAT',
        `part ${header.partNumber} has chunk size ${header.chunkSize}, the object ${chunkSize}`,
      );
    }
    this.#enter(header, next);
    this.#index = 0;
  }

  #enter(header: SegmentHeader, segment: number): void {
    this.#cipher = new SegmentCipher(this.#options.dataKey(header), header, this.#options.identity);
    this.#segment = segment;
    this.#lastPartNumber = header.partNumber;
    this.#betweenSegments = false;
  }
}

/** Starts decrypting: see {@link SegmentDecryptor}. */
export function decryptSegments(options: DecryptSegmentsOptions): SegmentDecryptor {
  return new SegmentDecryptor(options);
}
