#!/usr/bin/env node
// `pnpm fuzz [-- vitest args]`: the fast-check property tests (`*.fuzz.test.ts`) with many more
// runs than CI gives them. FUZZ_RUNS sets the runs per property (default 20000); each file reads
// it, and without it keeps to a few seconds. No build step: the tests run against `src/`.
// A failure prints the seed and the shrunk counterexample; save that as a regression test.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './pnpm.mjs';

/** The vitest projects that have fuzz tests. */
const PROJECTS = ['access-policy', 's3-xml', 'sigv4-verify', 'object-layer', 'gateway'];

const runs = process.env.FUZZ_RUNS ?? '20000';
const args = [
  'run',
  ...PROJECTS.flatMap((name) => ['--project', name]),
  // Long runs outlast the default per-test timeout; a hang still fails the property itself.
  '--testTimeout=0',
  ...process.argv.slice(2),
  'fuzz.test',
];
console.error(`fuzz: FUZZ_RUNS=${runs}`);
const result = spawnSync(join(root, 'node_modules', '.bin', 'vitest'), args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: runs },
});
process.exit(result.status ?? 1);
