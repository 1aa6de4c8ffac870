import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { MetastoreBusyError, MetastoreDecryptError, MetastoreUnavailableError } from '../errors.js';
import type { MetaStore } from '../store.js';
import { describeMetaStoreConformance } from '../testing/conformance.js';
import { makeRecord, rejection } from '../testing/fixtures.js';
import { openSqliteStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-metastore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeMetaStoreConformance('sqlite', ({ database, plugins, masterKey }) =>
  openSqliteStore({ database: join(dir, `${database}.db`), plugins, masterKey }),
);

describe('openSqliteStore', () => {
  const opened: MetaStore[] = [];
  const raw: Database.Database[] = [];
  afterEach(async () => {
    for (const db of raw.splice(0)) db.close();
    await Promise.allSettled(opened.splice(0).map((s) => s.close()));
  });
  const open = async (options: Parameters<typeof openSqliteStore>[0]) => {
    const store = await openSqliteStore(options);
    opened.push(store);
    return store;
  };
  const rawConnection = (file: string) => {
    const db = new Database(file);
    raw.push(db);
    return db;
  };

  it('creates missing directories and sets WAL journaling on the file', async () => {
    const file = join(dir, 'nested', 'deeper', 'meta.db');
    const store = await open({ database: file });
    await store.objects.put(makeRecord('b', 'k'));
    const check = rawConnection(file);
    expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(check.prepare('select key from objects').pluck().all()).toEqual(['k']);
    expect(store.capabilities).toEqual({
      dialect: 'sqlite',
      supportsSkipLocked: false,
      supportsMultipleConnections: false,
      supportsAdvisoryLocks: false,
    });
  });

  it('accepts an open better-sqlite3 database and enforces foreign keys on it', async () => {
    const db = new Database(join(dir, 'given.db'));
    const store = await open({ database: db });
    await store.uploads.create({
      uploadId: 'u1',
      bucket: 'b',
      key: 'k',
      owner: 'o',
      initiatedAt: new Date(1),
      backend: 'b1',
      blob: 'x',
      backendUploadId: 'n',
      headers: {},
      userMetadata: {},
      storageClass: 'STANDARD',
    });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(() =>
      db.prepare("insert into upload_parts values ('nope', 1, 1, 'e', 't', 1, '{}', null)").run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('waits for another process holding the write lock, then writes', async () => {
    const file = join(dir, 'contended.db');
    const store = await open({ database: file, busyTimeoutMs: 5_000 });
    const other = rawConnection(file);
    other.exec('begin immediate');
    const write = store.objects.put(makeRecord('b', 'k'));
    // Reads are not blocked by the other writer (WAL).
    expect(await store.objects.get('b', 'k')).toBeUndefined();
    setTimeout(() => other.exec('commit'), 100);
    await expect(write).resolves.toEqual({ previous: undefined, discarded: [] });
  });

  it('fails with MetastoreBusyError when the write lock stays taken past busyTimeoutMs', async () => {
    const file = join(dir, 'locked.db');
    const store = await open({ database: file, busyTimeoutMs: 150 });
    const other = rawConnection(file);
    other.exec('begin immediate');
    const started = Date.now();
    const error = await rejection(store.objects.put(makeRecord('b', 'k')));
    expect(error).toBeInstanceOf(MetastoreBusyError);
    expect(error).toMatchObject({ code: 'EMETA_BUSY' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    other.exec('rollback');
    await store.objects.put(makeRecord('b', 'k'));
    expect(await store.objects.hasAny('b')).toBe(true);
  });

  it('fails with MetastoreUnavailableError on a file that is not a database', async () => {
    const file = join(dir, 'garbage.db');
    writeFileSync(file, Buffer.alloc(8192, 7));
    const error = await rejection(openSqliteStore({ database: file }));
    expect(error).toBeInstanceOf(MetastoreUnavailableError);
    expect(error).toMatchObject({ code: 'EMETA_UNAVAILABLE' });
  });

  it('fails with MetastoreUnavailableError when the path cannot be created', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const error = await rejection(openSqliteStore({ database: join(blocker, 'sub', 'meta.db') }));
    expect(error).toBeInstanceOf(MetastoreUnavailableError);
  });

  it('stores credential secrets sealed, bound to their access key id', async () => {
    const file = join(dir, 'credentials.db');
    const store = await open({ database: file, masterKey: randomBytes(32) });
    const secret = 'sqlite-secret-0123456789abcdef';
    for (const accessKeyId of ['AKIA1', 'AKIA2']) {
      await store.credentials.put({
        accessKeyId,
        secretAccessKey: secret,
        owner: 'o',
        createdAt: new Date(),
      });
    }
    const raw = rawConnection(file);
    const rows = raw.prepare('select * from credentials').all();
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(Buffer.from(secret).toString('base64'));
    // The file itself, WAL included, never holds the plaintext.
    raw.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(file).includes(secret)).toBe(false);
    // A ciphertext moved to another access key id fails authentication.
    raw
      .prepare(
        "update credentials set secret_sealed = (select secret_sealed from credentials where access_key_id = 'AKIA1') where access_key_id = 'AKIA2'",
      )
      .run();
    expect((await store.credentials.get('AKIA1'))?.secretAccessKey).toBe(secret);
    const error = await rejection(store.credentials.get('AKIA2'));
    expect(error).toBeInstanceOf(MetastoreDecryptError);
    expect(error).toMatchObject({
      code: 'EMETA_DECRYPT',
      reason: 'unreadable',
      accessKeyId: 'AKIA2',
    });
  });

  it('records each migration once', async () => {
    const file = join(dir, 'migrated.db');
    await (await open({ database: file })).close();
    await (await open({ database: file })).close();
    const check = rawConnection(file);
    expect(check.prepare('select name from strata_migration').pluck().all()).toEqual([
      '0001_initial',
      '0002_upload_lookups',
      '0003_leases',
      '0004_credentials_queues',
      '0005_backend_copies_usage',
      '0006_intent_blobs',
      '0007_tags',
      '0008_bucket_cors',
      '0009_encryption',
      '0010_versions',
      '0011_object_lock',
      '0012_bucket_access',
      '0013_lifecycle',
      '0014_backend_states',
      '0015_notifications',
      '0016_credential_state',
    ]);
  });
});
