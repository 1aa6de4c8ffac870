/**
 * What the later fragments of packages/metastore-core/README.md use: an open `store` (as in
 * "Example: SQLite"), and for "Copies, draining and backend traffic" the current version of
 * photos/a.jpg with its copy on backend 'old', plus the write intent a replicator recorded
 * before writing a second copy of it to 'offsite'.
 */
import { randomUUID as newId } from 'node:crypto';
import { openSqliteStore } from '@strata/metastore-core/sqlite';

export const store = await openSqliteStore({ database: './data/meta.db' });

await store.buckets.create({
  name: 'photos',
  owner: 'alice',
  region: 'us-east-1',
  createdAt: new Date(),
  versioning: 'Unversioned',
});
export const versionId = newId();
export const size = 1024;
export const blob = `photos/a.jpg@${versionId}`;
await store.objects.put({
  bucket: 'photos',
  key: 'a.jpg',
  versionId,
  size,
  etag: '0f343b0931126a20f133d67c2b018a3b',
  lastModified: new Date(),
  headers: { 'content-type': 'image/jpeg' },
  userMetadata: {},
  checksums: {},
  storageClass: 'STANDARD',
  parts: [],
  copies: [{ backend: 'old', blob }],
});
export const intentId = newId();
await store.intents.add({
  id: intentId,
  backend: 'offsite',
  blob,
  bucket: 'photos',
  key: 'a.jpg',
  expiresAt: new Date(Date.now() + 60_000),
});
