import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { MetaStore } from '@strata/metastore-core';
import { openSqliteStore } from '@strata/metastore-core/sqlite';
import { ConfigError } from '../config/config-error.js';

/**
 * Opens the metastore named by the `metastore` config key: a SQLite file path (or
 * `sqlite:PATH`); by default `<data_dir>/metastore.db`.
 */
export async function openMetastore(spec: string | undefined, dataDir: string): Promise<MetaStore> {
  if (spec && /^postgres(ql)?:\/\//.test(spec)) {
    throw new ConfigError(
      'metastore: PostgreSQL is not supported by this build yet; use a SQLite path',
    );
  }
  const path = resolve(spec ? spec.replace(/^sqlite:(\/\/)?/, '') : join(dataDir, 'metastore.db'));
  await mkdir(dirname(path), { recursive: true });
  return openSqliteStore({ database: path });
}
