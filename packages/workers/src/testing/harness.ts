import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createFsBackend } from '@strata/backend-pool';
import type { FsBackend } from '@strata/backend-pool';
import type { MetaStore, ObjectRecord } from '@strata/metastore-core';
import { openSqliteStore } from '@strata/metastore-core/sqlite';

/** Test-only: a real SQLite store and a real fs backend named `local`, in a temp directory. */
export interface Harness extends AsyncDisposable {
  readonly dir: string;
  readonly store: MetaStore;
  readonly fs: FsBackend;
  /** Writes a small blob to the fs backend. */
  putBlob(blob: string, content?: string): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-workers-'));
  const store = await openSqliteStore({ database: join(dir, 'meta.db') });
  const fs = createFsBackend({ name: 'local', root: join(dir, 'local'), fsync: false });
  await store.buckets.create({
    name: 'photos',
    owner: 'alice',
    region: 'us-east-1',
    createdAt: new Date(),
    versioning: 'Unversioned',
  });
  return {
    dir,
    store,
    fs,
    async putBlob(blob, content = 'some bytes') {
      await fs.put(blob, Readable.from([Buffer.from(content)]));
    },
    async [Symbol.asyncDispose]() {
      await store.close();
      await fs.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A committed object in bucket `photos` whose single copy is `blob` on `local`. */
export function objectRecord(key: string, blob: string): ObjectRecord {
  return {
    bucket: 'photos',
    key,
    versionId: blob.split('@').at(-1) ?? 'v1',
    size: 10,
    etag: 'd41d8cd98f00b204e9800998ecf8427e',
    lastModified: new Date(),
    headers: {},
    userMetadata: {},
    checksums: {},
    storageClass: 'STANDARD',
    parts: [],
    copies: [{ backend: 'local', blob }],
  };
}
