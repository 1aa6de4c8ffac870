/**
 * What one request holds while it is served (its instance and per-client in-flight slots, the
 * bytes of its buffered XML body), given back exactly once when the response is over: on success,
 * on an error response and when the client goes away. Created by the `admission()` middleware,
 * which calls {@link RequestSlots.release} from the response's `'close'`.
 */
export class RequestSlots {
  readonly #releases: Array<() => void> = [];
  #released = false;

  /** True once the request is over and everything was given back. */
  get released(): boolean {
    return this.#released;
  }

  /**
   * Registers what to give back. A request that is already over (a client that left while a
   * limit was being checked) gives it back at once.
   */
  hold(release: () => void): void {
    if (this.#released) release();
    else this.#releases.push(release);
  }

  /** Gives everything back; later calls do nothing. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    for (const release of this.#releases.splice(0)) release();
  }
}
