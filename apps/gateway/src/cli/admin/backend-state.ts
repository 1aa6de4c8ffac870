import type { BackendState } from '@strata/backend-pool';
import type { ExitCode } from '../transfer/exit-codes.js';
import type { AdminOptions } from './admin-options.js';
import { renderBackends, type BackendsBody } from './backends.js';
import { formatSize, formatTable } from './format-table.js';
import { runAdminCommand } from './run-admin-command.js';

/** What `strata admin drain` reads of `/admin/v1/backends/{name}/drain`. */
export interface DrainBody {
  readonly backend: string;
  readonly state: string;
  readonly draining: boolean;
  readonly remaining: { readonly bytes: number; readonly objects: number } | null;
  readonly done: boolean;
}

/** The word `strata admin set-state` takes for "back to the configured state". */
export const CONFIGURED_STATE = 'configured' as const;

const path = (backend: string, rest = '') => `/backends/${encodeURIComponent(backend)}${rest}`;

/** One backend as `strata admin backends` shows it. */
function renderBackend(backend: BackendsBody['backends'][number]): string {
  return renderBackends({ backends: [backend], metastoreReachable: backend.usage !== null });
}

/**
 * `strata admin set-state <backend> <state>`: sets a backend's state on every instance (stored in
 * the metastore), or with `configured` drops that so the configured state applies again.
 */
export function runSetState(
  backend: string,
  state: BackendState | typeof CONFIGURED_STATE,
  options: AdminOptions,
): Promise<ExitCode> {
  return runAdminCommand(
    state === CONFIGURED_STATE
      ? { method: 'DELETE', path: path(backend, '/state') }
      : { method: 'PUT', path: path(backend, '/state'), body: { state } },
    options,
    renderBackend,
  );
}

/** A drain's progress: backend, state, what is left on it, whether it is done. */
export function renderDrain(body: DrainBody): string {
  return formatTable(
    [
      { header: 'backend' },
      { header: 'state' },
      { header: 'left', right: true },
      { header: 'objects left', right: true },
      { header: 'done' },
    ],
    [
      [
        body.backend,
        body.state,
        body.remaining === null ? '?' : formatSize(body.remaining.bytes),
        body.remaining === null ? '?' : String(body.remaining.objects),
        body.done ? 'yes' : 'no',
      ],
    ],
  );
}

/** `strata admin drain start|status|cancel <backend>`. */
export function runDrain(
  action: 'start' | 'status' | 'cancel',
  backend: string,
  options: AdminOptions,
): Promise<ExitCode> {
  const method = ({ start: 'POST', status: 'GET', cancel: 'DELETE' } as const)[action];
  return runAdminCommand({ method, path: path(backend, '/drain') }, options, renderDrain);
}
