#!/usr/bin/env node
// `npm run chaos [-- rounds]`: the long version of tests/chaos/kill-nine.test.ts — 20 rounds (or
// the given number) of `kill -9` under mixed load on PostgreSQL, each round's load 5 s, 8
// clients. CI runs the same test with 2 short rounds. Needs the built gateway (`pnpm build`).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './pnpm.mjs';

const rounds = process.argv[2] ?? '20';
const result = spawnSync(
  join(root, 'node_modules', '.bin', 'vitest'),
  ['run', '--project', 'chaos', 'chaos/kill-nine'],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CHAOS_ROUNDS: rounds, CHAOS_LOAD_MS: '5000', CHAOS_WORKERS: '8' },
  },
);
process.exit(result.status ?? 1);
