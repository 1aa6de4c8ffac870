import { createCipheriv, createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';

/** Default chunk size of {@link seededStream}. */
const CHUNK = 256 * 1024;

/** 1 MiB. */
export const MiB = 1024 * 1024;

function keystream(seed: string, block = 0n) {
  // AES-256-CTR over zeros is a fast, deterministic, seeded pseudo-random byte source; the
  // counter (the IV) says which 16-byte block of that stream comes first.
  const key = createHash('sha256').update(seed).digest();
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64BE(block >> 64n, 0);
  iv.writeBigUInt64BE(block & 0xffffffffffffffffn, 8);
  return createCipheriv('aes-256-ctr', key, iv);
}

/** `size` pseudo-random bytes derived from `seed` (same seed, same bytes). */
export function seededBytes(seed: string, size: number): Buffer {
  return keystream(seed).update(Buffer.alloc(size));
}

/** Bytes `[start, end)` of `seededBytes(seed, …)`, without generating what comes before. */
export function seededSlice(seed: string, start: number, end: number): Buffer {
  const skip = start % 16;
  const cipher = keystream(seed, BigInt(Math.floor(start / 16)));
  return cipher.update(Buffer.alloc(end - start + skip)).subarray(skip);
}

/** A stream of the same bytes as `seededBytes(seed, size)`, produced chunk by chunk on demand. */
export function seededStream(seed: string, size: number, chunkSize = CHUNK): Readable {
  const cipher = keystream(seed);
  const zeros = Buffer.alloc(chunkSize);
  let left = size;
  return new Readable({
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const n = Math.min(left, chunkSize);
      left -= n;
      this.push(cipher.update(n === chunkSize ? zeros : zeros.subarray(0, n)));
    },
  });
}

/** Hex SHA-256 of a buffer. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hex MD5 of a buffer. */
export function md5(data: Uint8Array | string): string {
  return createHash('md5').update(data).digest('hex');
}

/** Base64 MD5 (the `Content-MD5` header form). */
export function md5Base64(data: Uint8Array | string): string {
  return createHash('md5').update(data).digest('base64');
}

/** The quoted ETag S3 gives a multipart object: MD5 of the parts' binary MD5s, `-` part count. */
export function multipartEtag(partMd5Hex: readonly string[]): string {
  const joined = Buffer.concat(partMd5Hex.map((h) => Buffer.from(h, 'hex')));
  return `"${md5(joined)}-${partMd5Hex.length}"`;
}

/** Splits `data` into `partSize` pieces and returns their hex MD5s. */
export function partMd5s(data: Buffer, partSize: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < data.length; i += partSize) out.push(md5(data.subarray(i, i + partSize)));
  return out;
}

/** SHA-256 and byte count of everything a stream yields (consumed chunk by chunk). */
export async function digestStream(
  stream: AsyncIterable<Uint8Array>,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * A pass-through that hashes what flows by: SHA-256 of everything and the MD5 of every
 * `partSize` block (what a multipart upload with that part size will be made of).
 */
export class HashTap extends Transform {
  readonly #partSize: number;
  readonly #whole = createHash('sha256');
  #part = createHash('md5');
  #inPart = 0;
  readonly #partMd5s: string[] = [];
  #size = 0;

  constructor(partSize: number) {
    super();
    this.#partSize = partSize;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#whole.update(chunk);
    this.#size += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(chunk.length - offset, this.#partSize - this.#inPart);
      this.#part.update(chunk.subarray(offset, offset + n));
      this.#inPart += n;
      offset += n;
      if (this.#inPart === this.#partSize) this.#closePart();
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.#inPart > 0) this.#closePart();
    callback();
  }

  #closePart(): void {
    this.#partMd5s.push(this.#part.digest('hex'));
    this.#part = createHash('md5');
    this.#inPart = 0;
  }

  /** Results; valid once the stream has ended. */
  result(): { sha256: string; size: number; partMd5s: readonly string[] } {
    return { sha256: this.#whole.copy().digest('hex'), size: this.#size, partMd5s: this.#partMd5s };
  }
}
