import { createHmac, hash } from 'node:crypto';
import { writeHex, writeUtf8 } from './buffer-writers.js';

// SHA-256 block size: HMAC pads its key to one block (RFC 2104).
const BLOCK = 64;
// Room for the message on the pad-based path. A chunk string to sign is about 270 bytes;
// longer input (POST policies) goes through createHmac.
const MAX_FAST_MESSAGE = 1536;
// Scratch space shared by every key: inner block + message, then outer block + inner digest.
// Safe to share because JavaScript runs one of these synchronous calls at a time.
const inner = Buffer.alloc(BLOCK + MAX_FAST_MESSAGE);
const outer = Buffer.alloc(BLOCK + 32);

/**
 * An HMAC-SHA256 key with its RFC 2104 inner and outer pads precomputed, so one MAC of a short
 * message costs two one-shot `crypto.hash` calls. `createHmac` builds a stream object and a
 * native context per call, which is most of a SigV4 verification's time (about 2× the cost of
 * the two hashes on Node 20). The result is byte-for-byte the HMAC; long messages take the
 * `createHmac` path.
 */
export class HmacKey {
  readonly #key: Buffer;
  readonly #ipad = Buffer.alloc(BLOCK, 0x36);
  readonly #opad = Buffer.alloc(BLOCK, 0x5c);

  /** `key` must be at most one block (a derived SigV4 signing key is 32 bytes). */
  constructor(key: Buffer) {
    if (key.length > BLOCK) throw new RangeError('HmacKey takes keys of at most 64 bytes');
    this.#key = key;
    for (let i = 0; i < key.length; i++) {
      this.#ipad[i]! ^= key[i]!;
      this.#opad[i]! ^= key[i]!;
    }
  }

  /** Lower-case hex HMAC-SHA256 of `message` (UTF-8). */
  hex(message: string): string {
    // A UTF-16 unit takes at most 3 UTF-8 bytes, so within this bound `write` never runs out
    // of room (it would truncate silently) and returns the exact byte length.
    if (message.length * 3 > MAX_FAST_MESSAGE) return this.#slow(message);
    inner.set(this.#ipad, 0);
    const n = writeUtf8(inner, message, BLOCK);
    outer.set(this.#opad, 0);
    // A plain Uint8Array view: Buffer#subarray goes through the species constructor.
    const view = new Uint8Array(inner.buffer, inner.byteOffset, BLOCK + n);
    // Hex, then decoded into place: `hash(…, 'buffer')` allocates a Buffer per call and
    // measured 2.7× slower than this round trip on Node 20.
    writeHex(outer, hash('sha256', view, 'hex'), BLOCK);
    return hash('sha256', outer, 'hex');
  }

  #slow(message: string): string {
    return createHmac('sha256', this.#key).update(message, 'utf8').digest('hex');
  }
}
