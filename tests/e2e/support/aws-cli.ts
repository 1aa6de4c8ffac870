import { execFile } from 'node:child_process';
import { TEST_CREDENTIALS } from './strata-process.js';

/** Debian's AWS CLI v2 (the `aws` on PATH may be a different v1 install). */
export const AWS_CLI = '/usr/bin/aws';

/** Where and how {@link runAws} reaches the gateway. */
export interface AwsCliTarget {
  readonly endpoint: string;
  /** PEM file to trust for HTTPS (`--ca-bundle`). */
  readonly caBundle?: string | undefined;
  /** Working directory and HOME (the CLI writes caches under HOME). */
  readonly home: string;
  /** Sign with this key id instead of the gateway's (another tenant's key). */
  readonly accessKeyId?: string | undefined;
  /** Sign with this secret instead of the gateway's (a user's typo, or another tenant's key). */
  readonly secretAccessKey?: string | undefined;
}

/** Result of one CLI run. */
export interface AwsCliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Signals a process dies of when it crashes (not a timeout's SIGTERM). */
const CRASH_SIGNALS = new Set(['SIGSEGV', 'SIGBUS', 'SIGABRT', 'SIGILL']);

/**
 * Runs `aws ARGS --endpoint-url …` configured only through the environment, and resolves with
 * its exit code and output (it never rejects on a non-zero exit; a CLI that crashes is run once
 * more).
 */
export function runAws(target: AwsCliTarget, args: readonly string[]): Promise<AwsCliResult> {
  const full = [
    ...args,
    '--endpoint-url',
    target.endpoint,
    ...(target.caBundle ? ['--ca-bundle', target.caBundle] : []),
  ];
  const once = () =>
    new Promise<AwsCliResult>((resolve, reject) => {
      execFile(
        AWS_CLI,
        full,
        {
          cwd: target.home,
          maxBuffer: 16 * 1024 * 1024,
          timeout: 120_000,
          env: {
            PATH: process.env.PATH,
            HOME: target.home,
            LANG: 'C.UTF-8',
            AWS_ACCESS_KEY_ID: target.accessKeyId ?? TEST_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: target.secretAccessKey ?? TEST_CREDENTIALS.secretAccessKey,
            AWS_DEFAULT_REGION: 'us-east-1',
            AWS_CONFIG_FILE: '/dev/null',
            AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
            AWS_EC2_METADATA_DISABLED: 'true',
            AWS_PAGER: '',
            AWS_MAX_ATTEMPTS: '1',
          },
        },
        (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') {
            const crashed = CRASH_SIGNALS.has(error.signal ?? '');
            reject(
              Object.assign(new Error(`aws ${args.join(' ')} failed to run`, { cause: error }), {
                crashed,
              }),
            );
            return;
          }
          resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
        },
      );
    });
  // The Debian CLI (Python) has been seen to die of SIGSEGV mid-download on a loaded CI machine,
  // its own crash, not an answer of the gateway's: such a run is tried once more.
  return once().catch((error: unknown) => {
    if ((error as { crashed?: boolean }).crashed) return once();
    throw error;
  });
}

/** Like {@link runAws} but throws (with the CLI's output) unless it exits 0. */
export async function aws(target: AwsCliTarget, args: readonly string[]): Promise<string> {
  const result = await runAws(target, args);
  if (result.code !== 0) {
    throw new Error(
      `aws ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
    );
  }
  return result.stdout;
}
