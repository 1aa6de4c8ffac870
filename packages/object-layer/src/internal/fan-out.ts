import { PassThrough, type Readable } from 'node:stream';

/** How one sink of {@link fanOut} ended. */
export type BranchOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Per-branch buffer: one S3 SDK chunk, so a fast sink is never starved by a 16 KiB default. */
const BRANCH_BUFFER = 64 * 1024;

/**
 * Streams `source` into every sink at once (synchronous replication). Each chunk goes to every
 * live branch, and the source pauses until all of them have drained, so the slowest sink sets
 * the pace and memory stays at a few chunks per branch. A sink that fails is dropped (its branch
 * destroyed); when fewer than `quorum` sinks remain, the source is destroyed with that sink's
 * error, which fails every other branch too. Resolves once every sink has settled.
 */
export function fanOut<T>(
  source: Readable,
  sinks: readonly ((branch: Readable) => Promise<T>)[],
  quorum: number,
): Promise<BranchOutcome<T>[]> {
  const branches = sinks.map(() => new PassThrough({ highWaterMark: BRANCH_BUFFER }));
  const live = new Set(branches.keys());
  const draining = new Set<number>();
  const resumeIfDrained = (): void => {
    for (const i of draining) if (!live.has(i)) draining.delete(i);
    if (draining.size === 0 && source.isPaused()) source.resume();
  };
  const drop = (i: number, error: unknown): void => {
    if (!live.delete(i)) return;
    branches[i]?.destroy();
    if (live.size < quorum)
      source.destroy(error instanceof Error ? error : new Error(String(error)));
    else resumeIfDrained();
  };
  source.on('data', (chunk: Buffer) => {
    for (const i of live) {
      const branch = branches[i];
      if (branch === undefined || branch.write(chunk)) continue;
      draining.add(i);
      branch.once('drain', () => {
        draining.delete(i);
        resumeIfDrained();
      });
    }
    if (draining.size > 0) source.pause();
  });
  source.once('end', () => {
    for (const i of live) branches[i]?.end();
  });
  source.once('error', (error) => {
    for (const branch of branches) branch.destroy(error);
  });
  return Promise.all(
    sinks.map((sink, i) =>
      sink(branches[i] ?? new PassThrough()).then(
        (value): BranchOutcome<T> => ({ ok: true, value }),
        (error: unknown): BranchOutcome<T> => {
          drop(i, error);
          return { ok: false, error };
        },
      ),
    ),
  );
}
