import { MetastoreDownError } from '../errors.js';

/** True for the metastore's "cannot reach the database" error (checked by code, across copies). */
export function isMetastoreDown(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EMETA_UNAVAILABLE';
}

/**
 * A circuit breaker over the metastore, for degraded mode (docs/architecture.md, "Degraded
 * mode"). When a call fails because the database cannot be reached, the circuit opens
 * for `retryMs`: reads go straight to the backends and writes fail at once with a retryable error,
 * instead of each waiting for the database's timeouts. After `retryMs` the next call goes through
 * as a probe; its success closes the circuit, its failure opens it again. No background timer.
 */
export class MetastoreHealth {
  readonly #retryMs: number;
  #openUntil = 0;

  constructor(retryMs: number) {
    this.#retryMs = retryMs;
  }

  /** Whether the metastore is considered down now (calls are not even tried). */
  get down(): boolean {
    return performance.now() < this.#openUntil;
  }

  /**
   * Runs a metastore call through the breaker: refused at once while open (`MetastoreDownError`),
   * and an `EMETA_UNAVAILABLE` failure opens it.
   *
   * @throws MetastoreDownError while open; whatever `call` throws otherwise.
   */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.down) throw new MetastoreDownError();
    try {
      const value = await call();
      this.#openUntil = 0;
      return value;
    } catch (error) {
      if (isMetastoreDown(error)) this.#openUntil = performance.now() + this.#retryMs;
      throw error;
    }
  }
}
