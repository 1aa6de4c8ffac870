import { existsSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnTracked, stopChild } from '../internal/children.js';
import { freePort, waitForHttp } from '../internal/net.js';
import { makeTempDir, removeTempDir } from '../internal/temp-dirs.js';
import type { RunningTarget, StrataVariant } from './target.js';

/** Options for {@link startStrata}. */
export type StartStrataOptions = {
  /** When set, run the gateway under `node --cpu-prof` and write the profile here on exit. */
  readonly cpuProfileDir?: string;
  /**
   * A `strata.yaml` to start with (`-c`), such as one listing S3 backends; default none: the
   * embedded default (SQLite + one local directory).
   */
  readonly config?: string;
  /** Names the temp dir (`strata-bench-<label>-…`), so a run with several Stratas tells them apart. */
  readonly label?: string;
  /** The column it is measured in; default `strata`. */
  readonly name?: 'strata' | StrataVariant;
  /**
   * Run in this existing directory rather than a fresh temp dir, and keep it on `close()` (the
   * caller removes it): a gateway restarted on the same metastore and objects, as the `cache`
   * scenario does to empty its read cache.
   */
  readonly home?: string;
};

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(REPO, 'apps/gateway/bin/strata.js');

/**
 * Starts the built `strata serve` binary in a fresh data dir, as its own process, with fixed
 * throw-away credentials: on the embedded default, or on `options.config`. Its JSON log goes to
 * a file in the data dir so the bench never spends CPU reading it. `--data-dir` and `--listen`
 * are flags, which override the same keys of a config file (file < `STRATA_*` env < flags).
 */
export async function startStrata(options: StartStrataOptions = {}): Promise<RunningTarget> {
  if (!existsSync(join(REPO, 'apps/gateway/dist/cli.js'))) {
    throw new Error('Strata is not built: run `pnpm turbo run build` at the repository root');
  }
  const dir = options.home ?? (await makeTempDir(options.label ?? 'strata'));
  const port = await freePort();
  const accessKeyId = 'BENCHSTRATAKEY000001';
  const secretAccessKey = 'bench-strata-secret-0000000000000000000001';
  const log = openSync(join(dir, 'strata.log'), 'a');
  const nodeArgs = options.cpuProfileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
    : [];
  const configArgs: string[] = [];
  if (options.config !== undefined) {
    writeFileSync(join(dir, 'strata.yaml'), options.config);
    configArgs.push('-c', join(dir, 'strata.yaml'));
  }
  const child = spawnTracked(
    process.execPath,
    [
      ...nodeArgs,
      BIN,
      'serve',
      ...configArgs,
      '--data-dir',
      join(dir, 'data'),
      '--listen',
      `127.0.0.1:${port}`,
    ],
    {
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        STRATA_ACCESS_KEY_ID: accessKeyId,
        STRATA_SECRET_ACCESS_KEY: secretAccessKey,
      },
    },
  );
  closeSync(log);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForHttp(`${endpoint}/health`, 30_000, () => child.exitCode === null);
  let closed = false;
  return {
    name: options.name ?? 'strata',
    available: true,
    endpoint,
    accessKeyId,
    secretAccessKey,
    pid: child.pid ?? 0,
    canList: true,
    async close() {
      if (closed) return;
      closed = true;
      await stopChild(child, 15_000);
      if (options.home === undefined) await removeTempDir(dir);
    },
  };
}
