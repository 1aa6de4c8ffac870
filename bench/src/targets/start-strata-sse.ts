import { randomBytes } from 'node:crypto';
import { startStrata } from './start-strata.js';
import type { RunningTarget } from './target.js';

/** The id of the `strata-sse` target's one master key (`encryption.current`). */
export const BENCH_SSE_KEY_ID = 'bench-k1';

/** Options for {@link startStrataSse}. */
export type StartStrataSseOptions = {
  /** When set, run the gateway under `node --cpu-prof` and write the profile here on exit. */
  readonly cpuProfileDir?: string;
};

/**
 * The `strata.yaml` of the `strata-sse` target: an `encryption` section with one master key,
 * `key` (32 bytes, written as base64), current, and the default 64 KiB frames. The value is a
 * JSON string, which YAML reads as a double-quoted scalar, so base64's `+ / =` need no care.
 *
 * @throws RangeError when `key` is not 32 bytes (the gateway would refuse to start).
 */
export function serializeSseConfig(key: Buffer): string {
  if (key.length !== 32) throw new RangeError(`an encryption key is 32 bytes, got ${key.length}`);
  return [
    'encryption:',
    '  keys:',
    `    ${BENCH_SSE_KEY_ID}: ${JSON.stringify(key.toString('base64'))}`,
    `  current: ${BENCH_SSE_KEY_ID}`,
    '',
  ].join('\n');
}

/**
 * Starts the `strata-sse` target: the same Strata as `strata` (embedded default, same flags)
 * with encryption keys configured (one random key per start, in its throw-away data dir), so
 * SSE-S3 writes and bucket defaults are accepted. Keys alone encrypt nothing: a scenario
 * measuring it must give its bucket a default with `enableBucketEncryption`, which also checks
 * that objects really come back encrypted.
 */
export function startStrataSse(options: StartStrataSseOptions = {}): Promise<RunningTarget> {
  return startStrata({
    name: 'strata-sse',
    label: 'strata-sse',
    config: serializeSseConfig(randomBytes(32)),
    ...(options.cpuProfileDir === undefined ? {} : { cpuProfileDir: options.cpuProfileDir }),
  });
}
