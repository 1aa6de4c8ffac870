import { createMiddleware } from 'hono/factory';
import { S3Error } from '@strata/s3-xml';
import type { GatewayEnv } from '../../env.js';

/** Tracks in-flight requests and refuses new ones while the server drains. */
export class InFlightTracker {
  #count = 0;
  #draining = false;
  #waiters: Array<() => void> = [];

  /** Requests currently being served. */
  get count(): number {
    return this.#count;
  }

  /** True once {@link drain} was called. */
  get draining(): boolean {
    return this.#draining;
  }

  enter(): void {
    this.#count += 1;
  }

  leave(): void {
    this.#count -= 1;
    if (this.#count === 0) for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Stops admitting requests; resolves true when in-flight reaches zero, false at the deadline. */
  async drain(deadlineMs: number): Promise<boolean> {
    this.#draining = true;
    if (this.#count === 0) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), deadlineMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/**
 * Admission control: while draining, new requests get a retryable 503 with `Connection: close`.
 * Otherwise the request is counted until its response body has been handed over.
 */
export function admission(tracker: InFlightTracker) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    if (tracker.draining) {
      throw new S3Error('ServiceUnavailable', {
        message: 'The server is shutting down.',
        headers: { connection: 'close' },
      });
    }
    tracker.enter();
    const outgoing = c.env?.outgoing;
    if (outgoing) {
      // Count the request until the response has been fully written, not just until the
      // handler returned: a streamed GET is still in flight while its body flows.
      outgoing.once('close', () => tracker.leave());
      await next();
    } else {
      try {
        await next();
      } finally {
        tracker.leave();
      }
    }
  });
}
