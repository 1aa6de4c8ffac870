#!/usr/bin/env node
// `npm test [-- vitest args]`: every test, from a fresh clone. Installs the dependencies with the
// pinned pnpm, makes sure the real S3 clients, Ceph RGW and Chromium the end-to-end suites drive
// are there (Debian packages; installed with apt-get when running as root, otherwise named),
// builds the packages (turbo, cached) and runs all vitest projects. `.ci/run` runs this same
// command.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pnpm, root } from './pnpm.mjs';

/** Debian packages the end-to-end suites need. */
export const DEBIAN_PACKAGES = [
  'awscli',
  'rclone',
  's3cmd',
  'python3-boto3',
  'curl',
  'openssl',
  'radosgw',
  'ceph-mon',
  'ceph-osd',
  'ceph-common',
  // The browser tests/e2e/browser-cors.test.ts drives (playwright-core; no Playwright browser).
  'chromium',
];

function ensureDebianPackages() {
  const missing = DEBIAN_PACKAGES.filter(
    (name) => spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status !== 0,
  );
  if (missing.length === 0) return;
  const install = ['apt-get', 'install', '-y', '-qq', ...missing];
  if (process.getuid?.() !== 0) {
    console.error(
      `The end-to-end suites need: ${missing.join(' ')}\nRun: sudo ${install.join(' ')}`,
    );
    process.exit(1);
  }
  console.error(`installing ${missing.join(' ')} (Debian packages the client suites drive)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['apt-get', 'update', '-qq'], install]) {
    const result = spawnSync(args[0], args.slice(1), { stdio: 'inherit', env });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

/** Runs a tool of the workspace (installed in node_modules/.bin); exits on failure. */
function bin(name, args) {
  const result = spawnSync(join(root, 'node_modules', '.bin', name), args, {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

pnpm(['install', '--frozen-lockfile']);
ensureDebianPackages();
bin('turbo', ['run', 'build', '--output-logs=errors-only']);
bin('vitest', ['run', ...process.argv.slice(2)]);
