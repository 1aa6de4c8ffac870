import { Transform, type TransformCallback } from 'node:stream';
import { createChecksum, type Checksum } from '@strata/checksums';
import { MAX_PUT_SIZE } from './internal/limits.js';
import { badDigest, entityTooLarge, incompleteBody } from './internal/s3-errors.js';

/** Options of {@link HashingStream}. */
export interface HashingStreamOptions {
  /** Declared length: more bytes fail at once, fewer fail with IncompleteBody at the end. */
  readonly expectedLength?: number | undefined;
  /** Hard cap (default 5 GiB, the S3 single-PUT limit): more bytes fail with EntityTooLarge. */
  readonly maxLength?: number | undefined;
  /**
   * The binary MD5 the body must have (a decoded `Content-MD5`). Checked when the body ends,
   * before the stream finishes, so the sink fails too and never makes the bytes visible.
   */
  readonly expectedMd5?: Buffer | undefined;
}

/**
 * A pass-through Transform that computes the MD5 of everything flowing through it and counts the
 * bytes, enforcing the declared length, the size cap and a `Content-MD5` while streaming (it never buffers more
 * than the chunk in hand; backpressure is the stream machinery's).
 *
 * When it fails it records the S3 error in {@link HashingStream.failure}, so a caller can report
 * that rather than whatever secondary error a downstream consumer surfaces.
 */
export class HashingStream extends Transform {
  readonly #md5: Checksum<'MD5'> = createChecksum('MD5');
  readonly #expected: number | undefined;
  readonly #max: number;
  readonly #expectedMd5: Buffer | undefined;
  #bytes = 0;
  #digest: Buffer | undefined;
  #failure: Error | undefined;

  constructor(options: HashingStreamOptions = {}) {
    super();
    this.#expected = options.expectedLength;
    this.#max = options.maxLength ?? MAX_PUT_SIZE;
    this.#expectedMd5 = options.expectedMd5;
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The error this stream failed with (a size violation), if any. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /**
   * The binary MD5 of the whole body.
   *
   * @throws Error before the stream has flushed.
   */
  digest(): Buffer {
    if (!this.#digest) throw new Error('HashingStream: digest() before the body ended');
    return this.#digest;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length;
    if (this.#bytes > this.#max)
      return callback(this.#fail(entityTooLarge(this.#bytes, this.#max)));
    if (this.#expected !== undefined && this.#bytes > this.#expected) {
      // The body carries more than it declared: the declared length is what was signed and
      // quota-checked, so the write cannot be trusted.
      return callback(this.#fail(incompleteBody()));
    }
    this.#md5.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.#expected !== undefined && this.#bytes < this.#expected) {
      return callback(this.#fail(incompleteBody()));
    }
    const digest = Buffer.from(this.#md5.digest(), 'base64');
    if (this.#expectedMd5 && !this.#expectedMd5.equals(digest)) {
      return callback(
        this.#fail(badDigest(this.#expectedMd5.toString('base64'), digest.toString('base64'))),
      );
    }
    this.#digest = digest;
    callback();
  }

  #fail(error: Error): Error {
    this.#failure = error;
    return error;
  }
}
