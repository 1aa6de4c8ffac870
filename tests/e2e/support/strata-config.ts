import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Worker settings that make background jobs observable within a test: intents expire after a
 * second and the reaper and cleanup queue run every second.
 */
export const FAST_WORKERS_YAML = [
  'workers:',
  '  intent_ttl: 1s',
  '  reaper_interval: 1s',
  '  cleanup_interval: 1s',
  '',
].join('\n');

/** Writes `yaml` as `strata.yaml` in `dir` and returns its path (for `--config`). */
export async function writeStrataConfig(dir: string, yaml: string): Promise<string> {
  const file = join(dir, 'strata.yaml');
  await writeFile(file, yaml);
  return file;
}
