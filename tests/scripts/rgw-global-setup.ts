/**
 * vitest globalSetup for the e2e project: starts ONE throw-away Ceph RGW (`scripts/rgw-local.sh`:
 * a monitor, an OSD on memstore and radosgw, on loopback) for every e2e file, provides its
 * endpoint and users as `inject('rgw')`, and stops it after the run.
 *
 * One for the project, not one per file: it takes ~16 s to start. Its S3 and monitor ports are
 * free ports, so it runs beside any other RGW of the machine (a benchmark's, on the default
 * 6789). Files that use it create their own buckets.
 */
import { execFile, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import type { RgwEndpoint } from '../e2e/support/rgw.js';

const SCRIPT = fileURLToPath(new URL('../../scripts/rgw-local.sh', import.meta.url));
/** What `rgw-local.sh` runs, and the Debian packages that have them. */
const CEPH_BINARIES = [
  'ceph-mon',
  'ceph-osd',
  'radosgw',
  'radosgw-admin',
  'monmaptool',
  'ceph-authtool',
  'ceph',
];
const CEPH_PACKAGES = 'radosgw ceph-mon ceph-osd ceph-common';
const START_TIMEOUT_MS = 180_000;

let running: { dir: string; stopped: boolean } | undefined;

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * A free loopback port below Linux's ephemeral range (32768–60999): Ceph's daemons bind without
 * SO_REUSEADDR, so a port the kernel handed out to an outgoing connection meanwhile (still in
 * TIME_WAIT) would make the monitor fail to bind.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!bound) continue;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [SCRIPT, ...args],
      { env: { ...process.env, ...env }, timeout: START_TIMEOUT_MS },
      (error, stdout, stderr) => {
        // The error's message has the command's stderr already.
        if (error) reject(new Error(`rgw-local.sh ${args.join(' ')}: ${error.message}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** `KEY=value` pairs of the script's sourceable output. */
function parseOutput(stdout: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const match of stdout.matchAll(/([A-Z_]+)=(\S+)/g)) values.set(match[1]!, match[2]!);
  return values;
}

function required(values: Map<string, string>, key: string, stdout: string): string {
  const value = values.get(key);
  if (value === undefined) throw new Error(`rgw-local.sh printed no ${key}:\n${stdout}`);
  return value;
}

/** Stops the RGW synchronously (from an `exit` hook, when the run ends without a teardown). */
function stopSync(): void {
  if (running === undefined || running.stopped) return;
  running.stopped = true;
  spawnSync('bash', [SCRIPT, 'stop'], { env: { ...process.env, RGW_DIR: running.dir } });
}

/**
 * Starts the RGW and provides `rgw` ({@link RgwEndpoint}) to every e2e test.
 *
 * @throws Error naming the Debian packages when the Ceph binaries are missing; the script's
 *   output when the RGW does not start.
 */
export async function setup(project: TestProject): Promise<void> {
  const missing = CEPH_BINARIES.filter((binary) => !onPath(binary));
  if (missing.length > 0) {
    throw new Error(
      `the e2e suites need Ceph RGW, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed: ` +
        `apt-get install -y ${CEPH_PACKAGES} (Debian packages; \`npm test\`, which .ci/run runs, installs them)`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'strata-e2e-rgw-'));
  running = { dir, stopped: false };
  process.once('exit', stopSync);
  const env = {
    RGW_DIR: dir,
    RGW_PORT: String(await freePort()),
    RGW_MON_PORT: String(await freePort()),
    // Started once and never restarted: a crash of radosgw must fail the tests that meet it.
    RGW_WATCHDOG: '0',
    RGW_MEM_GB: '4',
  };
  const started = Date.now();
  let stdout: string;
  try {
    ({ stdout } = await run(['start'], env));
  } catch (error) {
    // The script stopped whatever it had started; its logs stay for the post-mortem.
    running.stopped = true;
    process.removeListener('exit', stopSync);
    throw new Error(`${(error as Error).message}\n(logs kept in ${dir}/log)`, { cause: error });
  }
  const values = parseOutput(stdout);
  const rgw: RgwEndpoint = {
    endpoint: required(values, 'RGW_ENDPOINT', stdout),
    main: {
      accessKeyId: required(values, 'MAIN_ACCESS', stdout),
      secretAccessKey: required(values, 'MAIN_SECRET', stdout),
    },
    alt: {
      accessKeyId: required(values, 'ALT_ACCESS', stdout),
      secretAccessKey: required(values, 'ALT_SECRET', stdout),
    },
  };
  console.log(
    `rgw: ${rgw.endpoint} up in ${((Date.now() - started) / 1000).toFixed(1)} s (${dir})`,
  );
  project.provide('rgw', rgw);
}

/** Stops the RGW and removes its state (memstore: nothing is left on disk but logs). */
export async function teardown(): Promise<void> {
  if (running === undefined || running.stopped) return;
  const { dir } = running;
  running.stopped = true;
  process.removeListener('exit', stopSync);
  await run(['stop'], { RGW_DIR: dir });
  await rm(dir, { recursive: true, force: true });
}
