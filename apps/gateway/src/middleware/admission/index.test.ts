import { describe, expect, it } from 'vitest';
import { InFlightTracker } from './index.js';

describe('InFlightTracker', () => {
  it('drains once in-flight requests finish', async () => {
    const tracker = new InFlightTracker();
    tracker.enter();
    tracker.enter();
    const drained = tracker.drain(5_000);
    expect(tracker.draining).toBe(true);
    tracker.leave();
    expect(tracker.count).toBe(1);
    tracker.leave();
    await expect(drained).resolves.toBe(true);
  });

  it('gives up at the deadline while a request is still running', async () => {
    const tracker = new InFlightTracker();
    tracker.enter();
    await expect(tracker.drain(20)).resolves.toBe(false);
    expect(tracker.count).toBe(1);
  });

  it('resolves at once with nothing in flight', async () => {
    await expect(new InFlightTracker().drain(10_000)).resolves.toBe(true);
  });
});
