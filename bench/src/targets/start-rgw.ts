import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { addExitHook } from '../internal/exit-hooks.js';
import { freePort } from '../internal/net.js';
import { makeTempDir, removeTempDir } from '../internal/temp-dirs.js';
import type { Target } from './target.js';

const run = promisify(execFile);

/** Where `rgw-local.sh` lives: `$STRATA_BENCH_RGW_SCRIPT`, else the repository's `scripts/`. */
export const RGW_SCRIPT =
  process.env.STRATA_BENCH_RGW_SCRIPT ??
  fileURLToPath(new URL('../../../scripts/rgw-local.sh', import.meta.url));

/** Options for {@link startRgw}. */
export type StartRgwOptions = {
  /** Size of the RAM-backed memstore OSD; must hold the largest object plus the small ones. */
  readonly memGiB: number;
};

/**
 * Starts a throw-away Ceph RGW through `rgw-local.sh` (one mon, one memstore OSD, radosgw) in
 * its own state dir. Anything that stops it (script or Ceph packages missing, a start failure)
 * yields an {@link Target} with `available: false` and the reason, never an exception.
 */
export async function startRgw(options: StartRgwOptions): Promise<Target> {
  if (!existsSync(RGW_SCRIPT)) {
    return { name: 'rgw', available: false, reason: `rgw-local.sh not found at ${RGW_SCRIPT}` };
  }
  const dir = await makeTempDir('rgw');
  const env = {
    ...process.env,
    RGW_DIR: join(dir, 'state'),
    RGW_PORT: String(await freePort()),
    // A monitor port of its own: a cluster already running here (an end-to-end suite's RGW)
    // keeps 6789 and is never joined.
    RGW_MON_PORT: String(await freePort()),
    RGW_MEM_GB: String(options.memGiB),
    RGW_WATCHDOG: '0',
  };
  // radosgw daemonizes, so it is not our child: an abnormal exit must stop it explicitly.
  const unhook = addExitHook(() =>
    execFileSync('bash', [RGW_SCRIPT, 'stop'], { env, timeout: 30_000, stdio: 'ignore' }),
  );
  const stop = async (): Promise<void> => {
    unhook();
    await run('bash', [RGW_SCRIPT, 'stop'], { env, timeout: 60_000 }).catch(() => undefined);
    await removeTempDir(dir);
  };
  try {
    const { stdout } = await run('bash', [RGW_SCRIPT, 'start'], { env, timeout: 180_000 });
    const endpoint = /^RGW_ENDPOINT=(\S+)/m.exec(stdout)?.[1];
    const access = /MAIN_ACCESS=(\S+)/.exec(stdout)?.[1];
    const secret = /MAIN_SECRET=(\S+)/.exec(stdout)?.[1];
    const pid = Number(readFileSync(join(env.RGW_DIR, 'run/client.rgw.gw.pid'), 'utf8').trim());
    if (!endpoint || !access || !secret) throw new Error(`unexpected output: ${stdout}`);
    let closed = false;
    return {
      name: 'rgw',
      available: true,
      endpoint,
      accessKeyId: access,
      secretAccessKey: secret,
      pid,
      canList: true,
      async close() {
        if (closed) return;
        closed = true;
        await stop();
      },
    };
  } catch (error) {
    const err = error as { stderr?: string; message?: string };
    const reason = (err.stderr?.trim().split('\n').pop() ?? err.message ?? String(error)).slice(
      0,
      300,
    );
    const detail = lastErrorLine(join(env.RGW_DIR, 'log/osd.0.log'));
    await stop();
    return { name: 'rgw', available: false, reason: detail ? `${reason} (${detail})` : reason };
  }
}

/** The last error line (` -1 ` level) of a Ceph log, to say why a start failed. */
function lastErrorLine(file: string): string | undefined {
  try {
    const lines = readFileSync(file, 'utf8').split('\n').reverse();
    return lines
      .find((l) => / -1 /.test(l))
      ?.replace(/^\S+ \S+ +-1 /, '')
      .slice(0, 200);
  } catch {
    return undefined;
  }
}
