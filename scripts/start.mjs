#!/usr/bin/env node
// `npm start [-- serve flags]`: the quick start. From a fresh clone it installs dependencies
// with the pinned pnpm (through npx, so nothing global is required), builds the packages, and
// runs `strata serve` on the embedded default (SQLite + ./strata-data, 127.0.0.1:9000).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const { packageManager } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
);
const hasPnpm =
  spawnSync('pnpm', ['--version'], { encoding: 'utf8' }).stdout?.trim() ===
  packageManager.split('@')[1];
const pnpm = hasPnpm ? ['pnpm'] : ['npx', '--yes', packageManager];

function run(args) {
  const [cmd, ...rest] = [...pnpm, ...args];
  const result = spawnSync(cmd, rest, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(['install', '--frozen-lockfile']);
run(['run', 'build']);
const child = spawn(
  process.execPath,
  ['apps/gateway/bin/strata.js', 'serve', ...process.argv.slice(2)],
  {
    cwd: process.cwd(),
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
