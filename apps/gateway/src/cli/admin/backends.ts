import type { ExitCode } from '../transfer/exit-codes.js';
import type { AdminOptions } from './admin-options.js';
import { formatSize, formatTable } from './format-table.js';
import { runAdminCommand } from './run-admin-command.js';

/** What `strata admin backends` reads of `GET /admin/v1/backends`. */
export interface BackendsBody {
  readonly backends: readonly {
    readonly name: string;
    readonly type: string;
    readonly state: string;
    readonly circuit: string;
    readonly usage: { readonly bytes: number; readonly objects: number } | null;
    readonly quota: { readonly bytes: number | null; readonly objects: number | null };
  }[];
  readonly metastoreReachable: boolean;
}

function quota(bytes: number | null, objects: number | null): string {
  const parts = [
    ...(bytes === null ? [] : [formatSize(bytes)]),
    ...(objects === null ? [] : [`${objects} objects`]),
  ];
  return parts.length === 0 ? '-' : parts.join(', ');
}

/** One row per backend: name, type, state, breaker, used bytes and objects, quota. */
export function renderBackends(body: BackendsBody): string {
  const table = formatTable(
    [
      { header: 'name' },
      { header: 'type' },
      { header: 'state' },
      { header: 'circuit' },
      { header: 'used', right: true },
      { header: 'objects', right: true },
      { header: 'quota' },
    ],
    body.backends.map((b) => [
      b.name,
      b.type,
      b.state,
      b.circuit,
      b.usage === null ? '?' : formatSize(b.usage.bytes),
      b.usage === null ? '?' : String(b.usage.objects),
      quota(b.quota.bytes, b.quota.objects),
    ]),
  );
  return body.metastoreReachable
    ? table
    : `${table}(usage unknown: the metastore did not answer)\n`;
}

/** `strata admin backends`: every backend's state, breaker, usage and quota. */
export function runBackends(options: AdminOptions): Promise<ExitCode> {
  return runAdminCommand('/backends', options, renderBackends);
}
