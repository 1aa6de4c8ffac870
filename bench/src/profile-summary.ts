import { readFile } from 'node:fs/promises';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
};
type Profile = { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] };

/** Where a self-time sample belongs: a package (`undici`, `@strata/object-layer`), node internals, GC. */
export function bucketOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 3).join('/');
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const ours = /\/(packages|apps)\/([^/]+)\//.exec(url);
  if (ours?.[2]) return `strata/${ours[2]}`;
  return url;
}

/**
 * Summarizes a `.cpuprofile` (from `--profile`): self time per package and the top functions,
 * so "where does the time go" has an answer with numbers.
 */
export async function summarizeProfile(
  file: string,
): Promise<{ totalMs: number; byBucket: [string, number][]; byFunction: [string, number][] }> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (deltas[i] ?? 0) / 1000));
  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (!node) continue;
    totalMs += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const bucket = bucketOf(url, functionName);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${bucket}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  }
  const sort = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs, byBucket: sort(buckets), byFunction: sort(functions) };
}

/** Prints {@link summarizeProfile} for `file` as two short tables. */
export async function printProfileSummary(file: string, top = 25): Promise<void> {
  const { totalMs, byBucket, byFunction } = await summarizeProfile(file);
  // Percent of busy time: a server idles while the bench measures the other servers.
  const idle = byBucket.find(([name]) => name === '(idle)')?.[1] ?? 0;
  const busy = totalMs - idle;
  const pct = (ms: number): string => `${((ms / busy) * 100).toFixed(1)}%`.padStart(6);
  const seconds = (ms: number): string => (ms / 1000).toFixed(1);
  console.log(`${file}: ${seconds(totalMs)} s sampled, ${seconds(busy)} s busy (not idle)`);
  console.log('\nself time by package, % of busy:');
  const busyOnly = <T extends [string, number]>(list: T[]): T[] =>
    list.filter(([name]) => !name.startsWith('(idle)')).slice(0, top);
  for (const [name, ms] of busyOnly(byBucket)) console.log(`${pct(ms)}  ${name}`);
  console.log('\ntop functions (self time), % of busy:');
  for (const [name, ms] of busyOnly(byFunction)) console.log(`${pct(ms)}  ${name}`);
}
