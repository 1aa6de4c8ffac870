import { MissingKeyError } from './envelope-error.js';
import { createKeyWrapper, type KeyWrapper, type WrappedDataKey } from './key-wrapper.js';

/** The master keys a keyring is made of. */
export interface KeyringOptions {
  /** Master keys by id: 32 bytes each. */
  readonly keys: Readonly<Record<string, Buffer>>;
  /** The id of the key new data keys are wrapped with; must be one of `keys`. */
  readonly current: string;
}

/**
 * Named master keys, one current. New data keys are wrapped with the current key; a wrapped
 * key names the key that wrapped it, so keys can be rotated while old objects stay readable
 * ({@link Keyring.rewrap} moves a data key to the current key without touching the data).
 */
export class Keyring {
  readonly #wrappers: ReadonlyMap<string, KeyWrapper>;
  readonly #current: KeyWrapper;

  /** @throws TypeError on a malformed key id or key, or a `current` that is not among `keys`. */
  constructor(options: KeyringOptions) {
    this.#wrappers = new Map(
      Object.entries(options.keys).map(([id, key]) => [id, createKeyWrapper(id, key)]),
    );
    const current = this.#wrappers.get(options.current);
    if (current === undefined) {
      throw new TypeError(`the current key "${options.current}" is not among the keyring's keys`);
    }
    this.#current = current;
  }

  /** The id of the current key. */
  get currentKeyId(): string {
    return this.#current.keyId;
  }

  /** Every key id held. */
  get keyIds(): readonly string[] {
    return [...this.#wrappers.keys()];
  }

  /** Wraps `dataKey` with the current key. */
  wrap(dataKey: Buffer): WrappedDataKey {
    return this.#current.wrap(dataKey);
  }

  /** Whether the keyring holds a key of this id. */
  has(keyId: string): boolean {
    return this.#wrappers.has(keyId);
  }

  /**
   * Wraps `dataKey` with the key `keyId` (a caller that names its key, as SSE-KMS requests do).
   *
   * @throws MissingKeyError naming the key id when the keyring does not hold it.
   */
  wrapWith(keyId: string, dataKey: Buffer): WrappedDataKey {
    const wrapper = this.#wrappers.get(keyId);
    if (wrapper === undefined) throw new MissingKeyError(keyId);
    return wrapper.wrap(dataKey);
  }

  /**
   * @throws MissingKeyError naming the key id when the keyring does not hold it;
   *   EnvelopeError `EENVELOPE_AUTH` when the key does not unwrap under it.
   */
  unwrap(wrapped: WrappedDataKey): Buffer {
    const wrapper = this.#wrappers.get(wrapped.keyId);
    if (wrapper === undefined) throw new MissingKeyError(wrapped.keyId);
    return wrapper.unwrap(wrapped);
  }

  /** Whether `wrapped` is under a key other than the current one (a rotation has work left). */
  isStale(wrapped: WrappedDataKey): boolean {
    return wrapped.keyId !== this.#current.keyId;
  }

  /** The same data key wrapped with the current key (unchanged when it already is). */
  rewrap(wrapped: WrappedDataKey): WrappedDataKey {
    return this.isStale(wrapped) ? this.wrap(this.unwrap(wrapped)) : wrapped;
  }
}
