import type { MetaStore } from '@strata/metastore-core';

/**
 * The place a job saved in `store.cursors` under `name`, as a plain object; `undefined` when it
 * saved none, or when what is there is not a JSON object (a hand-edited or foreign row): the job
 * then starts a new pass instead of failing every run.
 */
export async function readCursor(
  store: Pick<MetaStore, 'cursors'>,
  name: string,
): Promise<Readonly<Record<string, unknown>> | undefined> {
  const saved = await store.cursors.get(name);
  if (saved === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(saved);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a saved cursor says the job is resting between passes at `now`: it holds a numeric
 * `restUntil` still ahead, and no further ahead than `maxRestMs` (a rest saved under a longer
 * setting ends as soon as the shorter one would have ended it).
 */
export function restOf(
  cursor: Readonly<Record<string, unknown>> | undefined,
  now: number,
  maxRestMs: number,
): boolean {
  const until = cursor?.['restUntil'];
  return typeof until === 'number' && until > now && until - now <= maxRestMs;
}
