import { hmacSha256 } from './crypto.js';
import { HmacKey } from './hmac-key.js';

/** A derived SigV4 signing key (`kSigning`), raw and ready to MAC with. */
export interface SigningKey {
  readonly key: Buffer;
  readonly hmac: HmacKey;
  /** `date/region/service/aws4_request`, built once per key rather than per request. */
  readonly scope: string;
}

interface Variant extends SigningKey {
  readonly secret: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

interface Slot {
  /** Most recent first; a key sees one scope at a time, two around midnight. */
  variants: Variant[];
  /** Looked up since the eviction sweep last passed (CLOCK's reference bit). */
  used: boolean;
}

// Scopes remembered per access key: today and yesterday, times a second region or service.
const VARIANTS_PER_KEY = 4;

/**
 * Bounded cache of derived SigV4 signing keys. Deriving one costs four HMACs; a busy gateway
 * sees the same few (key, day, region, service) tuples over and over.
 *
 * Slots are keyed by access key id and remember the secret each key was derived from: a lookup
 * whose secret differs (a rotated key) derives afresh. Nothing derived from the secret goes into
 * a map key, and a hit costs one map lookup and a few string compares: no hashing of the
 * secret, no key string built, and no reordering (eviction is CLOCK, an LRU approximation: a
 * hit only sets a flag, where a true LRU map would delete and re-insert on every request).
 */
export class SigningKeyCache {
  readonly #slots = new Map<string, Slot>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = Math.max(1, max);
  }

  /**
   * The signing key of `secret` for one scope. `accessKeyId` only names the slot: callers pass
   * one fixed id for every unknown key, so forged ids cannot flood the cache.
   */
  get(
    accessKeyId: string,
    secret: string,
    date: string,
    region: string,
    service: string,
  ): SigningKey {
    let slot = this.#slots.get(accessKeyId);
    if (slot !== undefined) {
      slot.used = true;
      for (const v of slot.variants) {
        if (v.date === date && v.secret === secret && v.region === region && v.service === service)
          return v;
      }
    } else {
      // Room first, so the sweep cannot pick the slot being added.
      while (this.#slots.size >= this.#max) this.#evictOne();
      slot = { variants: [], used: false };
      this.#slots.set(accessKeyId, slot);
    }
    let derived = hmacSha256(`AWS4${secret}`, date);
    for (const part of [region, service, 'aws4_request']) derived = hmacSha256(derived, part);
    const variant: Variant = {
      secret,
      date,
      region,
      service,
      key: derived,
      hmac: new HmacKey(derived),
      scope: `${date}/${region}/${service}/aws4_request`,
    };
    // A rotated secret replaces its scope's stale key rather than sitting next to it.
    slot.variants = [
      variant,
      ...slot.variants.filter(
        (v) => v.date !== date || v.region !== region || v.service !== service,
      ),
    ].slice(0, VARIANTS_PER_KEY);
    return variant;
  }

  /**
   * Drop the oldest slot not used since the sweep last passed it; used ones lose their mark and
   * go to the back (CLOCK). Ends: each pass clears a mark, so an unmarked slot comes up.
   */
  #evictOne(): void {
    for (;;) {
      const oldest = this.#slots.entries().next();
      if (oldest.done === true) return;
      const [id, slot] = oldest.value;
      this.#slots.delete(id);
      if (!slot.used) return;
      slot.used = false;
      this.#slots.set(id, slot);
    }
  }

  /** Access keys with at least one cached signing key. */
  get size(): number {
    return this.#slots.size;
  }
}
