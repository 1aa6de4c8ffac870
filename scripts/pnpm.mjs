#!/usr/bin/env node
// The pinned pnpm, whether or not it is installed: `pnpm` when its version matches
// `packageManager`, otherwise through `npx` (nothing global is required, and corepack is not
// used: its signature check fails on some machines). As a command, passes its arguments on.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

const { packageManager } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
);
const version = packageManager.split('@')[1];
const installed = spawnSync('pnpm', ['--version'], { encoding: 'utf8' }).stdout?.trim() === version;

/** Runs the pinned pnpm with `args` in the repository root; exits the process on failure. */
export function pnpm(args) {
  const [cmd, ...rest] = installed ? ['pnpm', ...args] : ['npx', '--yes', packageManager, ...args];
  const result = spawnSync(cmd, rest, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) pnpm(process.argv.slice(2));
