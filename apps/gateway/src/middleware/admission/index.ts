import { createMiddleware } from 'hono/factory';
import { S3Error } from '@strata/s3-xml';
import type { GatewayEnv } from '../../env.js';
import type { AdmissionLimits } from '../../limits/admission-limits.js';
import { RequestSlots } from '../../limits/request-slots.js';
import { slowDown } from '../../limits/slow-down.js';

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
 * Admission control: while draining, new requests get a retryable 503 with `Connection: close`;
 * with `limits`, a request over the instance's in-flight cap gets `503 SlowDown` with
 * `Retry-After`. Otherwise the request is counted until its response has been handed over, and
 * gets its {@link RequestSlots} (released exactly once, when the response closes) and its share
 * of the buffered-bytes budget.
 */
export function admission(tracker: InFlightTracker, limits?: AdmissionLimits) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    if (tracker.draining) {
      throw new S3Error('ServiceUnavailable', {
        message: 'The server is shutting down.',
        headers: { connection: 'close' },
      });
    }
    if (limits && limits.maxInFlight > 0 && tracker.count >= limits.maxInFlight) {
      throw slowDown('the server has too many requests in flight', 1000);
    }
    tracker.enter();
    const slots = new RequestSlots();
    slots.hold(() => tracker.leave());
    c.set('slots', slots);
    if (limits && limits.buffered.limit > 0) c.set('bufferedBytes', limits.buffered.account(slots));
    const outgoing = c.env?.outgoing;
    if (outgoing) {
      // Count the request until the response has been fully written, not just until the
      // handler returned: a streamed GET is still in flight while its body flows. 'close' comes
      // on every path: finished, failed, or the client went away.
      outgoing.once('close', () => slots.release());
      if (outgoing.closed) slots.release();
      await next();
    } else {
      try {
        await next();
      } finally {
        slots.release();
      }
    }
  });
}
