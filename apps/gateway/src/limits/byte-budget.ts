import type { RequestSlots } from './request-slots.js';
import { slowDown } from './slow-down.js';

/** One request's share of a {@link ByteBudget}. */
export interface BufferAccount {
  /**
   * Counts `bytes` more held in memory by this request.
   *
   * @throws S3Error `SlowDown` (503, `Retry-After: 1`) when the instance's budget is spent.
   */
  add(bytes: number): void;
}

/**
 * The bytes of small request bodies (XML documents read whole by `readSmallBody`) held in memory
 * by the whole instance, capped. Counted as they arrive rather than reserved as `max_xml_body`
 * per request: a 300-byte DeleteObjects then takes 300 bytes of the budget, not 2 MiB, and a
 * request is refused only when the bytes really are not there.
 */
export class ByteBudget {
  #used = 0;
  /** Bytes at most; 0 = no limit. */
  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Bytes held now. */
  get used(): number {
    return this.#used;
  }

  /** An account for one request, given back when `slots` are released. */
  account(slots: RequestSlots): BufferAccount {
    let held = 0;
    slots.hold(() => {
      this.#used -= held;
      held = 0;
    });
    return {
      add: (bytes) => {
        if (this.limit > 0 && this.#used + bytes > this.limit) {
          throw slowDown('the server holds too many request bodies in memory', 1000);
        }
        // A request that is already over keeps nothing: its body is being discarded.
        if (slots.released) return;
        this.#used += bytes;
        held += bytes;
      },
    };
  }
}
