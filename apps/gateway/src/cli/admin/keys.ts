import type { ExitCode } from '../transfer/exit-codes.js';
import type { AdminOptions } from './admin-options.js';
import { formatTable } from './format-table.js';
import { runAdminCommand } from './run-admin-command.js';

/** One managed key as the admin API lists it. */
interface KeyBody {
  readonly accessKeyId: string;
  readonly tenant: string;
  readonly buckets: readonly string[] | null;
  readonly createdAt: string;
  readonly disabled: boolean;
}

/** A key just created or rotated, with its secret. */
interface IssuedKeyBody extends KeyBody {
  readonly secretAccessKey: string;
}

/** Options of `strata admin keys create`. */
export interface CreateKeyOptions extends AdminOptions {
  /** `--tenant NAME` (default `default`). */
  tenant?: string;
  /** `--bucket B` (repeatable): only these buckets. */
  bucket?: string[];
}

/** One row per key: id, tenant, buckets, created, state. */
export function renderKeys(body: { readonly keys: readonly KeyBody[] }): string {
  return formatTable(
    [
      { header: 'access key id' },
      { header: 'tenant' },
      { header: 'buckets' },
      { header: 'created' },
      { header: 'state' },
    ],
    body.keys.map((k) => [
      k.accessKeyId,
      k.tenant,
      k.buckets === null ? '(all)' : k.buckets.join(','),
      k.createdAt.slice(0, 19).replace('T', ' '),
      k.disabled ? 'disabled' : 'enabled',
    ]),
  );
}

/** A new key or secret: the only time the secret is printed. */
export function renderIssued(body: IssuedKeyBody): string {
  return (
    `access key id:     ${body.accessKeyId}\n` +
    `secret access key: ${body.secretAccessKey}\n` +
    `tenant:            ${body.tenant}\n` +
    `buckets:           ${body.buckets === null ? '(all)' : body.buckets.join(',')}\n` +
    'The secret is not shown again: store it now.\n'
  );
}

/** `strata admin keys list`. */
export function runListKeys(options: AdminOptions): Promise<ExitCode> {
  return runAdminCommand('/keys', options, renderKeys);
}

/** `strata admin keys create [--tenant T] [--bucket B]…`. */
export function runCreateKey(options: CreateKeyOptions): Promise<ExitCode> {
  const body = {
    ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
    ...(options.bucket === undefined ? {} : { buckets: options.bucket }),
  };
  return runAdminCommand({ method: 'POST', path: '/keys', body }, options, renderIssued);
}

/** `strata admin keys rotate|disable|enable|delete ID`. */
export function runKeyAction(
  action: 'rotate' | 'disable' | 'enable' | 'delete',
  accessKeyId: string,
  options: AdminOptions,
): Promise<ExitCode> {
  const path = `/keys/${encodeURIComponent(accessKeyId)}`;
  if (action === 'rotate') {
    return runAdminCommand({ method: 'POST', path: `${path}/rotate` }, options, renderIssued);
  }
  if (action === 'delete') {
    return runAdminCommand({ method: 'DELETE', path }, options, () => `${accessKeyId} deleted\n`);
  }
  return runAdminCommand(
    { method: 'POST', path: `${path}/${action}` },
    options,
    (key: KeyBody) => `${key.accessKeyId} ${key.disabled ? 'disabled' : 'enabled'}\n`,
  );
}
