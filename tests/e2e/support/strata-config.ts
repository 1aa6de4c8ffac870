import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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
