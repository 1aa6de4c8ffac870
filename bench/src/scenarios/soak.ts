import { recordSoak } from '../soak/record-soak.js';
import { runSoak, type SoakOptions } from '../soak/run-soak.js';
import type { Scenario } from './scenario.js';

/** The full soak: 10 minutes, 64 clients. */
const FULL: SoakOptions = { durationMs: 600_000, clients: 64 };

/** `--quick`: 60 s, 16 clients, the same mix and sizes. */
const QUICK: SoakOptions = { durationMs: 60_000, clients: 16 };

/**
 * Scenario: a soak of one fresh Strata. Concurrent clients loop over PUT, GET, HEAD, LIST and
 * DELETE (and multipart uploads of large objects) on their own keys, sizes 1 KiB to 64 MiB,
 * every read checked against the last write. Reports per-operation counts, errors and p50/p99/max
 * latency, and the gateway's RSS at its peak, at the end of the warm-up (the first 20%) and at
 * the end, with a pass/fail line "no errors, growth < 64 MiB". Errors make `pnpm bench` exit 1.
 */
export const soak: Scenario = {
  name: 'soak',
  title: 'Soak: mixed operations and sizes, errors and gateway RSS over time',
  targets: ['strata'],
  async run(ctx) {
    const strata = ctx.live().find((t) => t.name === 'strata');
    if (!strata) return;
    const plan = ctx.options.quick ? QUICK : FULL;
    const ran = await ctx.attempt(strata, 'soak', async () => {
      const report = await runSoak(strata, { ...plan, log: (text) => ctx.log(text) });
      recordSoak(ctx, report);
    });
    if (!ran) {
      ctx.verdict({
        pass: false,
        text: 'the soak did not run to its end (see Failed)',
        exitNonZero: true,
      });
    }
  },
};
