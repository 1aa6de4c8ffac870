/**
 * The short CI version of `pnpm soak`: the same driver against a started `strata` binary (built
 * `dist/`, as the CI's `turbo build` leaves it), 8 clients for 20 s with sizes up to 8 MiB.
 * Asserts only what a user would notice: no request failed, every GET returned exactly the bytes
 * of the last PUT of its key, and the gateway is still up. Timing and RSS are benchmark
 * figures (`pnpm soak`), never asserted here.
 */
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { runSoak } from '../soak/run-soak.js';
import { startStrata } from '../targets/start-strata.js';

const MiB = 2 ** 20;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('soak, short (the CI version of `pnpm soak`)', () => {
  it('8 clients, 20 s, 1 KiB–8 MiB: no errors, every GET the last PUT, gateway alive', async () => {
    const strata = await startStrata({ label: 'soak-test' });
    try {
      const report = await runSoak(strata, {
        durationMs: 20_000,
        clients: 8,
        maxSize: 8 * MiB,
        largeInFlight: 2,
        graceMs: 30_000,
        idleTimeoutMs: 30_000,
      });
      expect(report.firstErrors).toEqual([]);
      expect(report.errors).toBe(0);
      expect(report.abortedAfterGrace).toBe(false);
      // Every kind of step ran, so "no errors" is not vacuous.
      for (const op of ['PUT', 'GET', 'HEAD', 'LIST', 'DELETE'] as const) {
        expect(report.ops[op].count, op).toBeGreaterThan(0);
      }
      // Each GET compared size and CRC32 with the last PUT of its key: all of them matched.
      expect(report.verifiedGets).toBe(report.ops.GET.count);
      expect(isRunning(strata.pid)).toBe(true);
      const health = await request(`${strata.endpoint}/health`);
      expect(health.statusCode).toBe(200);
      expect(await health.body.json()).toMatchObject({ status: 'ok' });
    } finally {
      await strata.close();
    }
  }, 120_000);
});
