import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnTracked } from '../internal/children.js';
import type { ToolCommand } from './tools.js';

/** What one run of a tool took. */
export type ToolRun = {
  /** Wall time from spawn to exit, start-up included (a user pays it), s. */
  readonly seconds: number;
  /** The process's peak RSS (its largest waited-for descendant's, if larger), MiB. */
  readonly peakRssMiB: number;
};

/** A tool that exited non-zero, was killed, or ran past its time. */
export class ToolFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolFailedError';
  }
}

const TIME = '/usr/bin/time';

/**
 * Runs `cmd` under GNU time (`%M`: the peak RSS the kernel kept for it, so no sampling can miss
 * a short peak) with stdout dropped (per-file lines cost the same for every tool's terminal-less
 * run) and the last lines of stderr kept for the failure message.
 *
 * @throws ToolFailedError when it exits non-zero or runs past `timeoutMs`.
 */
export async function runTool(
  cmd: ToolCommand,
  scratchDir: string,
  timeoutMs: number,
): Promise<ToolRun> {
  const rssFile = join(scratchDir, `rss-${process.hrtime.bigint()}.txt`);
  const t0 = performance.now();
  const child = spawnTracked(TIME, ['-f', '%M', '-o', rssFile, cmd.command, ...cmd.args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...withoutAwsSettings(process.env), ...cmd.env },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).finally(() => clearTimeout(timer));
  const seconds = (performance.now() - t0) / 1000;
  const rssText = await readFile(rssFile, 'utf8').catch(() => '');
  await rm(rssFile, { force: true });
  if (timedOut) throw new ToolFailedError(`ran past ${timeoutMs / 1000} s`);
  if (code !== 0) {
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    throw new ToolFailedError(`exited ${code}: ${tail}`);
  }
  // GNU time writes "Command exited with non-zero status" lines before %M on failure only.
  const kib = Number(rssText.trim().split('\n').pop());
  return { seconds, peakRssMiB: Number.isFinite(kib) ? kib / 1024 : Number.NaN };
}

/**
 * The bench's environment without its `AWS_*` settings: a tool gets only the ones its command
 * sets (this machine's `AWS_CA_BUNDLE`, for one, makes rclone refuse to start).
 */
function withoutAwsSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('AWS_')));
}
