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
    /** When the state was set at runtime (absent from gateways before the field existed). */
    readonly stateSetAt?: string | null;
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

/**
 * One row per backend: name, type, state (`*` when set at runtime over the configured one),
 * breaker, used bytes and objects, quota.
 */
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
      b.stateSetAt ? `${b.state}*` : b.state,
      b.circuit,
      b.usage === null ? '?' : formatSize(b.usage.bytes),
      b.usage === null ? '?' : String(b.usage.objects),
      quota(b.quota.bytes, b.quota.objects),
    ]),
  );
  const notes = [
    ...(body.backends.some((b) => b.stateSetAt)
      ? ['* set at runtime (`strata admin set-state`), over the configured state']
      : []),
    ...(body.metastoreReachable ? [] : ['(usage unknown: the metastore did not answer)']),
  ];
  return table + notes.map((note) => `${note}\n`).join('');
}

/** `strata admin backends`: every backend's state, breaker, usage and quota. */
export function runBackends(options: AdminOptions): Promise<ExitCode> {
  return runAdminCommand('/backends', options, renderBackends);
}
