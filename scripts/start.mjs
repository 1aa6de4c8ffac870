#!/usr/bin/env node
// `npm start [-- serve flags]`: the quick start. From a fresh clone it installs dependencies
// with the pinned pnpm, builds the packages, and runs `strata serve` on the embedded default
// (SQLite + ./strata-data, 127.0.0.1:9000).
import { spawn } from 'node:child_process';
import { pnpm } from './pnpm.mjs';

pnpm(['install', '--frozen-lockfile']);
pnpm(['run', 'build']);
const child = spawn(
  process.execPath,
  ['apps/gateway/bin/strata.js', 'serve', ...process.argv.slice(2)],
  { cwd: process.cwd(), stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
