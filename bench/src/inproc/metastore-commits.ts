import type { BenchStore } from './metastore-fixtures.js';
import { benchRecord } from './metastore-fixtures.js';

/** One sample of object commits. */
export type CommitSample = {
  readonly commitsPerS: number;
  readonly commits: number;
  /** Seconds in the usage statements (or their empty stand-ins) per commit, µs. */
  readonly usageUsPerCommit: number;
  /** Wall time of one commit at this concurrency, µs (wall ÷ commits × concurrency). */
  readonly commitUs: number;
};

let seq = 0;

/**
 * `concurrency` writers each commit `objects.put` of fresh keys (one copy, no condition) back to
 * back for `seconds`, with usage accounting on or replaced (see {@link UsageSwitch}); resolves
 * with commits per second. Each put is its own transaction, as a single PUT is in the gateway.
 */
export async function measureCommits(
  bench: BenchStore,
  bucket: string,
  concurrency: number,
  accounting: boolean,
  seconds: number,
): Promise<CommitSample> {
  bench.usage.accounting = accounting;
  bench.usage.take();
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let commits = 0;
  let last = t0;
  const writer = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const n = seq++;
      await bench.store.objects.put(benchRecord(bucket, `c/${n}`, n));
      commits++;
      last = performance.now();
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, writer));
  } finally {
    bench.usage.accounting = true;
  }
  const wallS = (last - t0) / 1000;
  const usage = bench.usage.take();
  return {
    commitsPerS: commits / wallS,
    commits,
    usageUsPerCommit: (usage.seconds / Math.max(1, commits)) * 1e6,
    commitUs: ((wallS * concurrency) / Math.max(1, commits)) * 1e6,
  };
}

/**
 * Commits enough puts that every usage shard row of `bucket` exists (128 shards, picked at random
 * per transaction; 1000 puts leave none missing but by a 0.04 % chance each), so measured upserts
 * update existing rows as in a long-running store.
 */
export async function preShard(bench: BenchStore, bucket: string): Promise<void> {
  for (let done = 0; done < 1000;)
    done += (await measureCommits(bench, bucket, 4, true, 0.5)).commits;
}
