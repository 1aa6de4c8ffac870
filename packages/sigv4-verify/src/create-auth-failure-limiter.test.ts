import { describe, expect, it } from 'vitest';
import { createAuthFailureLimiter } from './create-auth-failure-limiter.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createAuthFailureLimiter', () => {
  it('blocks a client after maxFailures within the window, for blockMs', () => {
    const c = clock();
    const limiter = createAuthFailureLimiter({
      maxFailures: 3,
      windowMs: 10_000,
      blockMs: 30_000,
      now: c.now,
    });
    limiter.recordFailure('1.2.3.4');
    limiter.recordFailure('1.2.3.4');
    expect(limiter.check('1.2.3.4')).toEqual({ blocked: false, retryAfterSeconds: 0 });
    limiter.recordFailure('1.2.3.4');
    expect(limiter.check('1.2.3.4')).toEqual({ blocked: true, retryAfterSeconds: 30 });
    c.advance(29_500);
    expect(limiter.check('1.2.3.4')).toEqual({ blocked: true, retryAfterSeconds: 1 });
    c.advance(500);
    expect(limiter.check('1.2.3.4').blocked).toBe(false);
    // Other clients were never affected.
    expect(limiter.check('5.6.7.8').blocked).toBe(false);
  });

  it('forgets failures older than the window', () => {
    const c = clock();
    const limiter = createAuthFailureLimiter({ maxFailures: 2, windowMs: 1000, now: c.now });
    limiter.recordFailure('a');
    c.advance(1000);
    limiter.recordFailure('a');
    expect(limiter.check('a').blocked).toBe(false);
    limiter.recordFailure('a');
    expect(limiter.check('a').blocked).toBe(true);
  });

  it('a success resets the count, so a well-behaved client is never blocked', () => {
    const limiter = createAuthFailureLimiter({ maxFailures: 2, now: clock().now });
    for (let i = 0; i < 10; i++) {
      limiter.recordFailure('a');
      limiter.recordSuccess('a');
    }
    expect(limiter.check('a').blocked).toBe(false);
    expect(limiter.size).toBe(0);
  });

  it('a success does not lift an active block', () => {
    const limiter = createAuthFailureLimiter({ maxFailures: 1, now: clock().now });
    limiter.recordFailure('a');
    limiter.recordSuccess('a');
    expect(limiter.check('a').blocked).toBe(true);
  });

  it('keeps at most maxTracked counting clients, evicting the least recently seen', () => {
    const limiter = createAuthFailureLimiter({ maxFailures: 2, maxTracked: 3, now: clock().now });
    for (const key of ['a', 'b', 'c']) limiter.recordFailure(key);
    limiter.recordFailure('d'); // evicts a
    expect(limiter.size).toBe(3);
    limiter.recordFailure('a'); // a starts over at 1 failure, evicting b
    expect(limiter.check('a').blocked).toBe(false);
    limiter.recordFailure('c'); // c was kept: its second failure blocks it
    expect(limiter.check('c').blocked).toBe(true);
    for (let i = 0; i < 10_000; i++) limiter.recordFailure(`x${i}`);
    // Three counting clients, and the block, which is never evicted.
    expect(limiter.size).toBe(4);
    expect(limiter.check('c').blocked).toBe(true);
  });

  it('does not let a flood of fresh client keys evict a blocked one', () => {
    // Keyed by address and access key id, a guesser could otherwise name thousands of made-up
    // ids to push its blocked (address, real id) entry out of the table and guess again.
    const limiter = createAuthFailureLimiter({ maxFailures: 2, maxTracked: 4, now: clock().now });
    limiter.recordFailure('10.0.0.1 AKIDREAL');
    limiter.recordFailure('10.0.0.1 AKIDREAL');
    expect(limiter.check('10.0.0.1 AKIDREAL').blocked).toBe(true);
    for (let i = 0; i < 1000; i++) limiter.recordFailure(`10.0.0.1 AKIDFAKE${i}`);
    expect(limiter.size).toBe(5); // 4 counting, and the block
    expect(limiter.check('10.0.0.1 AKIDREAL').blocked).toBe(true);
  });

  it('keeps a block while the table fills past maxTracked with other blocks, until it ends', () => {
    // A guesser earns a block with its real key id, then makes blocks with made-up ids (each
    // costs maxFailures requests) hoping to push the real one out of the table and guess again.
    const c = clock();
    const limiter = createAuthFailureLimiter({
      maxFailures: 2,
      windowMs: 60_000,
      blockMs: 60_000,
      maxTracked: 4,
      now: c.now,
    });
    limiter.recordFailure('10.0.0.1 AKIDREAL');
    limiter.recordFailure('10.0.0.1 AKIDREAL');
    for (let i = 0; i < 500; i++) {
      limiter.recordFailure(`10.0.0.1 AKIDFAKE${i}`);
      limiter.recordFailure(`10.0.0.1 AKIDFAKE${i}`);
      limiter.recordFailure(`10.0.0.2 AKIDONCE${i}`);
    }
    expect(limiter.size).toBeGreaterThan(4);
    c.advance(30_000);
    expect(limiter.check('10.0.0.1 AKIDREAL')).toEqual({ blocked: true, retryAfterSeconds: 30 });
    // A correct signature does not lift it either.
    limiter.recordSuccess('10.0.0.1 AKIDREAL');
    expect(limiter.check('10.0.0.1 AKIDREAL').blocked).toBe(true);
    // Once the blocks end, their entries go: memory comes back down to the counting table.
    c.advance(30_000);
    expect(limiter.check('10.0.0.1 AKIDREAL').blocked).toBe(false);
    limiter.recordFailure('10.0.0.3');
    expect(limiter.size).toBeLessThanOrEqual(4);
  });

  it('rejects nonsensical settings', () => {
    expect(() => createAuthFailureLimiter({ maxFailures: 0 })).toThrow(RangeError);
    expect(() => createAuthFailureLimiter({ blockMs: Number.NaN })).toThrow(RangeError);
  });
});
