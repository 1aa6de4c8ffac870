import { execFile } from 'node:child_process';

/** How one client process ended. */
export interface ClientRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout as bytes (for binary output such as `rclone cat`). */
  readonly stdoutBytes: Buffer;
}

/** Options for {@link runClient}. */
export interface RunClientOptions {
  readonly cwd: string;
  /** The whole environment (nothing is inherited but PATH). */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Bytes for stdin. */
  readonly input?: string;
}

/**
 * Runs a client binary with a clean environment: only PATH, HOME (= cwd), a UTF-8 locale and
 * `env` are set. In particular the machine's global `AWS_CA_BUNDLE` (and any other AWS_*
 * variable) does not leak in. Resolves with the exit code and output; never rejects on a
 * non-zero exit, only when the binary cannot run.
 */
export function runClient(
  file: string,
  args: readonly string[],
  options: RunClientOptions,
): Promise<ClientRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        cwd: options.cwd,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'buffer',
        timeout: options.timeoutMs ?? 120_000,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: options.cwd,
          LANG: 'C.UTF-8',
          LC_ALL: 'C.UTF-8',
          ...options.env,
        },
      },
      (error, stdoutBytes, stderrBytes) => {
        const stderr = stderrBytes.toString('utf8');
        if (error && typeof error.code !== 'number') {
          reject(new Error(`${file} ${args.join(' ')} failed to run: ${stderr}`, { cause: error }));
          return;
        }
        resolve({
          code: typeof error?.code === 'number' ? error.code : 0,
          stdout: stdoutBytes.toString('utf8'),
          stderr,
          stdoutBytes,
        });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Like {@link runClient} but throws with the output unless the process exits 0. */
export async function mustRun(
  file: string,
  args: readonly string[],
  options: RunClientOptions,
): Promise<string> {
  const run = await runClient(file, args, options);
  if (run.code !== 0) {
    throw new Error(
      `${file} ${args.join(' ')} exited ${run.code}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 4000)}`,
    );
  }
  return run.stdout;
}
