import type { ExitCode } from '../transfer/exit-codes.js';
import type { AdminOptions } from './admin-options.js';
import { formatUptime } from './format-table.js';
import { runAdminCommand } from './run-admin-command.js';

/** What `strata admin status` reads of `GET /admin/v1/status`. */
export interface StatusBody {
  readonly version: string;
  readonly instanceId: string;
  readonly startedAt: string;
  readonly uptimeSeconds: number;
  readonly metastore: {
    readonly dialect: string;
    readonly reachable: boolean;
    readonly error: string | null;
  };
}

/** `name  value` lines, names padded to one column. */
export function renderStatus(body: StatusBody): string {
  const { metastore } = body;
  const lines: [string, string][] = [
    ['version', body.version],
    ['instance', body.instanceId],
    ['started', body.startedAt],
    ['uptime', formatUptime(body.uptimeSeconds)],
    [
      'metastore',
      `${metastore.dialect}, ${metastore.reachable ? 'reachable' : `UNREACHABLE: ${metastore.error ?? 'no answer'}`}`,
    ],
  ];
  return lines.map(([name, value]) => `${name.padEnd(10)}${value}\n`).join('');
}

/** `strata admin status`: the gateway's version, identity, uptime and metastore. */
export function runStatus(options: AdminOptions): Promise<ExitCode> {
  return runAdminCommand('/status', options, renderStatus);
}
