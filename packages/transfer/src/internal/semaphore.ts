/**
 * A weighted FIFO semaphore: request slots (weight 1) or bytes in flight (weight = part size).
 * A weight above the capacity takes the whole capacity, so it waits for everything else and then
 * runs alone instead of never running. Waiters are bounded by the callers' own bounded pools.
 */
export class Semaphore {
  readonly capacity: number;
  #available: number;
  readonly #waiters: { weight: number; resolve: () => void }[] = [];

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#available = capacity;
  }

  /** Resolves once `weight` (capped at the capacity) is held; give it back with `release`. */
  acquire(weight = 1): Promise<void> {
    const w = Math.min(weight, this.capacity);
    if (this.#waiters.length === 0 && this.#available >= w) {
      this.#available -= w;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push({ weight: w, resolve }));
  }

  /** Gives back what `acquire(weight)` took, and wakes waiters in order. */
  release(weight = 1): void {
    this.#available += Math.min(weight, this.capacity);
    for (let next = this.#waiters[0]; next !== undefined; next = this.#waiters[0]) {
      if (next.weight > this.#available) return;
      this.#waiters.shift();
      this.#available -= next.weight;
      next.resolve();
    }
  }

  /** Runs `fn` while holding `weight`. */
  async use<T>(weight: number, fn: () => Promise<T>): Promise<T> {
    await this.acquire(weight);
    try {
      return await fn();
    } finally {
      this.release(weight);
    }
  }
}
