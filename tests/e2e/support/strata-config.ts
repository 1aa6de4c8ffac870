import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StartStrataOptions } from './strata-process.js';

/**
 * Worker settings that make background jobs observable within a test: intents expire after a
 * second, the reaper and cleanup queue run every second, and leases are short.
 */
export const FAST_WORKERS_YAML = [
  'workers:',
  '  intent_ttl: 1s',
  '  reaper_interval: 1s',
  '  cleanup_interval: 1s',
  // A SIGKILLed instance keeps its worker and job leases until they expire: short ones let the
  // restarted instance take over within the tests' waits.
  '  lease_ttl: 3s',
  '  job_lease: 1s',
  '',
].join('\n');

/** Writes `yaml` as `strata.yaml` in `dir` and returns its path (for `--config`). */
export async function writeStrataConfig(dir: string, yaml: string): Promise<string> {
  const file = join(dir, 'strata.yaml');
  await writeFile(file, yaml);
  return file;
}

/**
 * Master key ids (`encryption.keys`) of the client suites' gateways, so SSE-S3 and SSE-KMS are
 * stored for real there. The last one is `current`; an SSE-KMS write may name either.
 */
export const E2E_KEY_IDS = ['e2e-k1', 'e2e-k2'] as const;

/**
 * The run's master keys, random per test process so no key is ever checked in, given to the
 * gateway through its environment (`${VAR}` in the config file), as the README advises: the
 * key bytes never land in the config file or the data dir.
 */
const E2E_KEY_ENV: Readonly<Record<string, string>> = Object.fromEntries(
  E2E_KEY_IDS.map((_, i) => [`E2E_MASTER_KEY_${i + 1}`, randomBytes(32).toString('base64')]),
);

/**
 * The `encryption` section of the client suites' gateways: two keys, and customer keys (SSE-C)
 * refused over plain HTTP as S3 refuses them, so the http cells check that refusal and the https
 * cells check SSE-C for real.
 */
export const ENCRYPTION_YAML = [
  'encryption:',
  '  keys:',
  ...E2E_KEY_IDS.map((id, i) => `    ${id}: \${E2E_MASTER_KEY_${i + 1}}`),
  `  current: ${E2E_KEY_IDS.at(-1)!}`,
  '  allow_customer_keys_over_http: false',
  '',
].join('\n');

/**
 * `options` for a gateway with {@link ENCRYPTION_YAML}: writes the config as `strata.yaml` in
 * `dir` (not the data dir) and adds `--config` and the keys' environment. `options.args` must
 * not carry a `--config` of its own.
 */
export async function withEncryption(
  dir: string,
  options: StartStrataOptions = {},
): Promise<StartStrataOptions> {
  const config = await writeStrataConfig(dir, ENCRYPTION_YAML);
  return {
    ...options,
    args: [...(options.args ?? []), '--config', config],
    env: { ...options.env, ...E2E_KEY_ENV },
  };
}
