/**
 * A counting semaphore: at most `limit` holders at a time, waiters served in arrival order. The
 * soak holds one per large transfer, which bounds the bytes in flight and on disk.
 */
export class Gate {
  #free: number;
  readonly #waiters: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Gate limit ${limit}`);
    this.#free = limit;
  }

  /** Waits for a permit; returns its release function (idempotent). */
  async acquire(): Promise<() => void> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiters.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      // Hand the permit straight to the next waiter, so a newcomer cannot overtake it.
      if (next) next();
      else this.#free++;
    };
  }
}
