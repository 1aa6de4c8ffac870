import { describeFingerprint, SoakMismatchError, type Fingerprint } from './soak-body.js';
import type { Random } from './random.js';

/**
 * What a client knows of one of its keys: absent, present with known bytes, or unknown (a
 * write or delete is in flight or failed, so either outcome is legal until the next one).
 */
export type Slot =
  | { readonly kind: 'absent' }
  | { readonly kind: 'present'; readonly fingerprint: Fingerprint }
  | { readonly kind: 'unknown' };

/** The one state a failed or in-flight PUT/DELETE leaves a slot in. */
export const UNKNOWN: Slot = { kind: 'unknown' };

/**
 * A client's fixed set of keys (`prefix` + `k<n>`): only this client writes them, one operation
 * at a time, so it knows what each must hold and can check every GET, HEAD and LIST against it.
 */
export class SlotState {
  readonly #slots: Slot[];
  readonly #prefix: string;

  constructor(count: number, prefix: string) {
    this.#slots = Array.from({ length: count }, () => ({ kind: 'absent' }) as const);
    this.#prefix = prefix;
  }

  /** The key prefix (ends with `/`). */
  get prefix(): string {
    return this.#prefix;
  }

  /** The key of slot `i`. */
  key(i: number): string {
    return `${this.#prefix}k${i}`;
  }

  get(i: number): Slot {
    return this.#slots[i] ?? { kind: 'absent' };
  }

  set(i: number, slot: Slot): void {
    this.#slots[i] = slot;
  }

  /** A random slot whose state is one of `kinds`, or undefined if there is none. */
  pick(random: Random, kinds: readonly Slot['kind'][]): number | undefined {
    const candidates = this.#slots.flatMap((s, i) => (kinds.includes(s.kind) ? [i] : []));
    return candidates[random.int(candidates.length)];
  }

  /** A random slot holding known bytes, or undefined if there is none. */
  pickPresent(random: Random): { index: number; fingerprint: Fingerprint } | undefined {
    const index = this.pick(random, ['present']);
    const slot = index === undefined ? undefined : this.#slots[index];
    return index !== undefined && slot?.kind === 'present'
      ? { index, fingerprint: slot.fingerprint }
      : undefined;
  }

  /** Throws a {@link SoakMismatchError} unless a listing of the prefix matches what is known. */
  checkListing(listed: ReadonlyMap<string, number>): void {
    const problems: string[] = [];
    this.#slots.forEach((slot, i) => {
      const size = listed.get(this.key(i));
      if (slot.kind === 'present' && size !== slot.fingerprint.size) {
        const shown = size === undefined ? 'missing' : `${size} bytes`;
        problems.push(`${this.key(i)} ${shown}, expected ${describeFingerprint(slot.fingerprint)}`);
      }
      if (slot.kind === 'absent' && size !== undefined) {
        problems.push(`${this.key(i)} listed (${size} bytes) after its DELETE`);
      }
    });
    for (const key of listed.keys()) {
      if (!this.#isOwnKey(key)) problems.push(`${key} listed under ${this.#prefix}`);
    }
    if (problems.length > 0) throw new SoakMismatchError(`LIST: ${problems.join('; ')}`);
  }

  #isOwnKey(key: string): boolean {
    const rest = key.startsWith(this.#prefix) ? key.slice(this.#prefix.length) : '';
    return /^k\d+$/.test(rest) && Number(rest.slice(1)) < this.#slots.length;
  }
}
