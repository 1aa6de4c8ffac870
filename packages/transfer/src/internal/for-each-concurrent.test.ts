import { describe, expect, it } from 'vitest';
import { forEachConcurrent } from './for-each-concurrent.js';

describe('forEachConcurrent', () => {
  it('pulls from the source only as workers free up (no read-ahead queue)', async () => {
    let pulled = 0;
    let done = 0;
    let maxAhead = 0;
    async function* source() {
      for (let i = 0; i < 50; i++) {
        await Promise.resolve();
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - done);
        yield i;
      }
    }
    let running = 0;
    let peak = 0;
    await forEachConcurrent(source(), 3, async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      done++;
    });
    expect(done).toBe(50);
    expect(peak).toBe(3);
    expect(maxAhead).toBeLessThanOrEqual(3);
  });

  it('stops pulling after the first error, closes the source and throws it', async () => {
    let closed = false;
    let pulled = 0;
    async function* source() {
      try {
        for (let i = 0; i < 1000; i++) {
          await Promise.resolve();
          pulled++;
          yield i;
        }
      } finally {
        closed = true;
      }
    }
    const err = await forEachConcurrent(source(), 2, async (i) => {
      await Promise.resolve();
      if (i === 5) throw new Error('boom');
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'boom' });
    expect(closed).toBe(true);
    expect(pulled).toBeLessThan(10);
  });
});
