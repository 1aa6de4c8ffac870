import { Readable } from 'node:stream';
import { guardStream } from '@strata/backend-pool';

/** Opens the rest of a body from another copy, `delivered` bytes in; `undefined`: none left. */
export type Reopen = (delivered: number, cause: unknown) => Promise<Readable | undefined>;

/**
 * One uninterrupted body over several copies of the same bytes: when the current source fails
 * (or ends short of `total`), the bytes delivered so far stay delivered and `reopen` supplies the
 * rest from another copy, so the reader sees one stream. All copies of a version hold the same
 * bytes (they share its write id), so a ranged read of another copy continues it exactly. Only
 * when no copy is left does the stream fail, with the first error. Backpressure passes through:
 * the source is paused whenever the reader is full.
 */
export class ResumableRead extends Readable {
  readonly #total: number;
  readonly #reopen: Reopen;
  #source: Readable | undefined;
  #delivered = 0;
  #firstError: unknown;

  constructor(first: Readable, total: number, reopen: Reopen) {
    super();
    // Returned through promises before anyone reads it: listened to from the start (see
    // `guardStream` in @strata/backend-pool).
    guardStream(this);
    this.#total = total;
    this.#reopen = reopen;
    this.#attach(first);
  }

  /** Bytes passed to the reader so far. */
  get delivered(): number {
    return this.#delivered;
  }

  override _read(): void {
    this.#source?.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#source?.destroy();
    this.#source = undefined;
    callback(error);
  }

  #attach(source: Readable): void {
    this.#source = source;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      void this.#failover(source, error);
    };
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      this.#delivered += chunk.length;
      if (!this.push(chunk)) source.pause();
    });
    source.once('end', () => {
      if (this.#delivered >= this.#total) {
        settled = true;
        this.push(null);
      } else fail(new Error(`a copy ended after ${this.#delivered} of ${this.#total} bytes`));
    });
    source.once('error', fail);
    // A source destroyed without an error (its connection dropped) also ends this copy.
    source.once('close', () => fail(new Error('a copy closed mid-stream')));
  }

  async #failover(failed: Readable, error: unknown): Promise<void> {
    this.#firstError ??= error;
    failed.destroy();
    if (this.destroyed) return;
    let next: Readable | undefined;
    try {
      next = await this.#reopen(this.#delivered, error);
    } catch {
      next = undefined;
    }
    if (this.destroyed) {
      next?.destroy();
      return;
    }
    if (next === undefined) {
      this.destroy(this.#firstError instanceof Error ? this.#firstError : new Error(String(error)));
      return;
    }
    this.#attach(next);
  }
}
