/** What a time-boxed loop did. */
export type TimeBoxed = { readonly ops: number; readonly seconds: number };

/**
 * Calls `step(i)` back to back until at least `minSeconds` have passed (checking the clock every
 * `batch` calls, so reading it does not weigh on a microsecond-scale step), and returns how many
 * calls it made in how long. A fixed duration rather than a fixed count keeps every sample long
 * enough to dwarf timer and scheduling noise, whatever the machine's speed.
 */
export async function timeBox(
  minSeconds: number,
  step: (i: number) => unknown,
  batch = 64,
): Promise<TimeBoxed> {
  const t0 = process.hrtime.bigint();
  const limit = BigInt(Math.round(minSeconds * 1e9));
  let ops = 0;
  for (;;) {
    for (let k = 0; k < batch; k++, ops++) {
      const r = step(ops);
      if (r instanceof Promise) await r;
    }
    const elapsed = process.hrtime.bigint() - t0;
    if (elapsed >= limit) return { ops, seconds: Number(elapsed) / 1e9 };
  }
}
