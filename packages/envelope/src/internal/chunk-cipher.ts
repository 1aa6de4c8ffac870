import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { deriveSegmentKey } from '../data-key.js';
import { EnvelopeError } from '../envelope-error.js';
import { ENVELOPE_MAGIC, ENVELOPE_VERSION, FRAME_PREFIX_SIZE, TAG_SIZE } from '../format.js';
import type { SegmentHeader } from '../segment-header.js';

const LAST_FLAG = 0x8000_0000;

/**
 * What seals and opens the chunks of one segment: its derived key and the additional data every
 * chunk binds (format version, chunk size, part number and the SHA-256 of the object's identity),
 * to which each chunk adds its index and whether it is the last. A chunk moved to another
 * position, segment or object, or a last flag flipped, fails its tag.
 */
export class SegmentCipher {
  readonly #key: Buffer;
  readonly #aad: Buffer;
  readonly chunkSize: number;
  readonly partNumber: number;

  constructor(dataKey: Buffer, header: SegmentHeader, identity: string) {
    this.#key = deriveSegmentKey(dataKey, header.salt);
    this.chunkSize = header.chunkSize;
    this.partNumber = header.partNumber;
    const base = Buffer.alloc(ENVELOPE_MAGIC.length + 1 + 4 + 4 + 32 + 8 + 1);
    ENVELOPE_MAGIC.copy(base, 0);
    base[4] = ENVELOPE_VERSION;
    base.writeUInt32BE(header.chunkSize, 5);
    base.writeUInt32BE(header.partNumber, 9);
    createHash('sha256').update(identity, 'utf8').digest().copy(base, 13);
    this.#aad = base;
  }

  /**
   * One frame as its pieces, length word, ciphertext, tag: pushed one by one, they are not
   * copied into one buffer (that copy cost a sixth of the encryption time).
   */
  seal(index: number, last: boolean, plaintext: Buffer): Buffer[] {
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonceOf(index));
    cipher.setAAD(this.#aadOf(index, last));
    const prefix = Buffer.allocUnsafe(FRAME_PREFIX_SIZE);
    prefix.writeUInt32BE((last ? LAST_FLAG : 0) + plaintext.length);
    const sealed = cipher.update(plaintext);
    const tail = cipher.final();
    // GCM is a stream mode: `final` yields nothing, only the tag.
    return tail.length === 0
      ? [prefix, sealed, cipher.getAuthTag()]
      : [prefix, sealed, tail, cipher.getAuthTag()];
  }

  /**
   * The plaintext of a frame's ciphertext and tag (`body`, without the length word).
   *
   * @throws EnvelopeError `EENVELOPE_AUTH` when the tag does not verify.
   */
  open(index: number, last: boolean, body: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.#key, nonceOf(index));
    decipher.setAAD(this.#aadOf(index, last));
    decipher.setAuthTag(body.subarray(body.length - TAG_SIZE));
    const plain = decipher.update(body.subarray(0, body.length - TAG_SIZE));
    try {
      decipher.final();
    } catch (cause) {
      throw new EnvelopeError(
        'EENVELOPE_AUTH',
        `chunk ${index} of segment ${this.partNumber} does not authenticate: tampered, moved, or of another object`,
        { cause },
      );
    }
    return plain;
  }

  #aadOf(index: number, last: boolean): Buffer {
    // Filled in place: frames of one segment are sealed or opened one at a time.
    const aad = this.#aad;
    aad.writeBigUInt64BE(BigInt(index), aad.length - 9);
    aad[aad.length - 1] = last ? 1 : 0;
    return aad;
  }
}

/** Reads a frame's length word: whether it is the last frame, and its plaintext length. */
export function parseFramePrefix(prefix: Buffer): { last: boolean; length: number } {
  const word = prefix.readUInt32BE(0);
  return { last: word >= LAST_FLAG, length: word & 0x7fff_ffff };
}

function nonceOf(index: number): Buffer {
  // Unique per segment key (a key seals one segment): the chunk index is enough.
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}
