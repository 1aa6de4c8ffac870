// Test support (excluded from the build): shared pieces of the `*.fuzz.test.ts` files.
import fc from 'fast-check';
import type { Transform } from 'node:stream';

/**
 * Runs per property: `FUZZ_RUNS` (set by `pnpm fuzz` for long runs), otherwise `defaultRuns`,
 * chosen so each fuzz file takes a few seconds on a slow CI machine.
 */
export function fuzzRuns(defaultRuns: number): number {
  const fromEnv = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : defaultRuns;
}

/** The type of the values an arbitrary generates. */
export type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

/** `data` cut at the given points (any order, duplicates allowed): every piece non-empty. */
export function splitAt(data: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const p of [...points, data.length]) {
    if (p > from) pieces.push(data.subarray(from, p));
    from = Math.max(from, p);
  }
  return pieces;
}

/** Up to 12 cut points of a body: any split of it into `write()` calls. */
export const cuts = fc.array(fc.nat(), { maxLength: 12 });

/** How a stream run ended: its output, or the error it emitted. */
export type StreamOutcome = { ok: true; data: Buffer } | { ok: false; error: unknown };

/**
 * Writes `pieces` into `stream` one `write()` at a time and ends it, the way an HTTP server
 * feeds a request body. Rejects (failing the property) when `write` or `end` throws
 * synchronously: every failure must arrive through the `'error'` event.
 */
export async function drive(stream: Transform, pieces: readonly Buffer[]): Promise<StreamOutcome> {
  const out: Buffer[] = [];
  const done = new Promise<StreamOutcome>((resolve) => {
    stream.on('data', (b: Buffer) => out.push(b));
    stream.once('error', (error) => resolve({ ok: false, error }));
    stream.once('end', () => resolve({ ok: true, data: Buffer.concat(out) }));
  });
  for (const piece of pieces) {
    if (stream.destroyed) break;
    stream.write(piece);
    // Let the transform run between writes, as it would between network reads.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!stream.destroyed) stream.end();
  return done;
}
