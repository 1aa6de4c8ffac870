import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { MasterKey, MetaStore, MetaStoreCallStartObserver } from '@strata/metastore-core';
import { openPostgresStore } from '@strata/metastore-core/postgres';
import { openSqliteStore } from '@strata/metastore-core/sqlite';

/**
 * Opens the metastore named by the `metastore` config key:
 * - `postgres://user@host:5432/db` (or `postgresql://`), optionally `?schema=NAME` (default
 *   `public`; created if missing) — the deployment for many gateway instances;
 * - a SQLite file path (or `sqlite:PATH`); by default `<data_dir>/metastore.db`.
 *
 * `onCallStart` (traces) is told of every call the store runs; `masterKey` seals the secrets of
 * managed access keys (`admin.keys_master_key`).
 */
export async function openMetastore(
  spec: string | undefined,
  dataDir: string,
  onCallStart?: MetaStoreCallStartObserver,
  masterKey?: MasterKey,
): Promise<MetaStore> {
  if (spec && /^postgres(ql)?:\/\//.test(spec)) {
    const url = new URL(spec);
    const schema = url.searchParams.get('schema') ?? undefined;
    // `schema` is Strata's parameter, not libpq's: keep it out of the driver's connection string.
    url.searchParams.delete('schema');
    return openPostgresStore({ connectionString: url.toString(), schema, onCallStart, masterKey });
  }
  const path = sqlitePathOf(spec, dataDir)!;
  await mkdir(dirname(path), { recursive: true });
  return openSqliteStore({ database: path, onCallStart, masterKey });
}

/** The SQLite file {@link openMetastore} opens for `spec`; `undefined` for a PostgreSQL URL. */
export function sqlitePathOf(spec: string | undefined, dataDir: string): string | undefined {
  if (spec && /^postgres(ql)?:\/\//.test(spec)) return undefined;
  return resolve(spec ? spec.replace(/^sqlite:(\/\/)?/, '') : join(dataDir, 'metastore.db'));
}
