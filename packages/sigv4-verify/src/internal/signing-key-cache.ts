import { createHash } from 'node:crypto';
import { hmacSha256 } from './crypto.js';

/**
 * Bounded LRU of derived SigV4 signing keys. Deriving one costs four HMACs; a busy gateway sees
 * the same few (key, day, region, service) tuples over and over. The cache key includes a hash
 * of the secret so a rotated secret never reuses a stale signing key.
 */
export class SigningKeyCache {
  readonly #entries = new Map<string, Buffer>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = Math.max(1, max);
  }

  get(secret: string, date: string, region: string, service: string): Buffer {
    const secretHash = createHash('sha256').update(secret).digest('base64');
    const key = `${secretHash}\n${date}\n${region}\n${service}`;
    const cached = this.#entries.get(key);
    if (cached !== undefined) {
      // Re-insert to mark as most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    let derived = hmacSha256(`AWS4${secret}`, date);
    for (const part of [region, service, 'aws4_request']) derived = hmacSha256(derived, part);
    this.#entries.set(key, derived);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return derived;
  }

  get size(): number {
    return this.#entries.size;
  }
}
