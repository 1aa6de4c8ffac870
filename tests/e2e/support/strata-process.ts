import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built `strata` binary (tests run after `turbo run build`). */
export const STRATA_BIN = fileURLToPath(
  new URL('../../../apps/gateway/bin/strata.js', import.meta.url),
);

/** Fixed test credentials, passed through the environment as a user would. */
export const TEST_CREDENTIALS = {
  accessKeyId: 'STRATATESTKEY0000001',
  secretAccessKey: 'strata-test-secret-key-0123456789abcdefgh',
} as const;

/** Options for {@link startStrata}. */
export interface StartStrataOptions {
  /** Reuse a data dir (for restart tests); a fresh temp dir otherwise. */
  readonly dataDir?: string;
  /** Extra `strata serve` flags. */
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Serve HTTPS with this certificate and key (`--tls-cert`, `--tls-key`). */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
}

/** A `strata serve` child process listening on a loopback port. */
export interface StrataProcess extends AsyncDisposable {
  readonly url: string;
  /** The TCP port it listens on. */
  readonly port: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash) and wait for exit. */
  kill9(): Promise<void>;
}

const SETPRIV = '/usr/bin/setpriv';

/**
 * How to run node: under `setpriv --pdeathsig KILL` where available (util-linux), so a gateway
 * dies with the test worker that started it even when a failing test never disposes it (vitest
 * ends its workers with a signal, so no `exit` hook would run). `setpriv` execs node: the child
 * process is the gateway itself, and `kill9()` still hits it directly.
 */
function launcher(): string[] {
  return existsSync(SETPRIV)
    ? [SETPRIV, '--pdeathsig', 'KILL', process.execPath]
    : [process.execPath];
}

/** Starts the real binary on `127.0.0.1:0` and resolves once it logs its URL. */
export async function startStrata(options: StartStrataOptions = {}): Promise<StrataProcess> {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'strata-e2e-')));
  const [command, ...prefix] = launcher();
  const child = spawn(
    command!,
    [
      ...prefix,
      STRATA_BIN,
      'serve',
      '--data-dir',
      dataDir,
      '--listen',
      '127.0.0.1:0',
      ...(options.tls
        ? ['--tls-cert', options.tls.certFile, '--tls-key', options.tls.keyFile]
        : []),
      ...(options.args ?? []),
    ],
    {
      env: {
        ...process.env,
        STRATA_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        STRATA_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        STRATA_LOG_LEVEL: 'info',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`strata did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /strata listening on (https?:\/\/[^\s"]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`strata exited with ${code} before listening:\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    child,
    output: () => output,
    stop,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    [Symbol.asyncDispose]: async () => {
      await stop();
      if (ownsDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
