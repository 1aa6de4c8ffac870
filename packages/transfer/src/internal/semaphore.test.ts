import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.js';

describe('Semaphore (weighted, FIFO)', () => {
  it('never lets the weights in flight exceed the capacity', async () => {
    const budget = new Semaphore(10);
    let inFlight = 0;
    let peak = 0;
    const job = (weight: number) =>
      budget.use(weight, async () => {
        inFlight += weight;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= weight;
      });
    await Promise.all([4, 4, 4, 3, 7, 1, 6, 5, 2].map(job));
    expect(peak).toBeLessThanOrEqual(10);
    expect(peak).toBeGreaterThan(4);
  });

  it('runs a weight above the capacity alone instead of never', async () => {
    const budget = new Semaphore(8);
    const order: string[] = [];
    await Promise.all([
      budget.use(3, () => Promise.resolve(void order.push('small'))),
      budget.use(100, () => Promise.resolve(void order.push('huge'))),
      budget.use(1, () => Promise.resolve(void order.push('after'))),
    ]);
    expect(order).toEqual(['small', 'huge', 'after']);
  });

  it('serves waiters in order: a small one does not overtake a large one', async () => {
    const budget = new Semaphore(4);
    await budget.acquire(3);
    const order: number[] = [];
    const large = budget.acquire(4).then(() => order.push(4));
    const small = budget.acquire(1).then(() => order.push(1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    budget.release(3);
    await large;
    budget.release(4);
    await small;
    expect(order).toEqual([4, 1]);
  });
});
