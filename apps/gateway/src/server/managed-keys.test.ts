import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@strata/metastore-core/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { ManagedKeys } from './managed-keys.js';

// ManagedKeys over a real SQLite metastore: answers cached for the TTL (found or not), a store
// that fails serves the last answer, and a wrong master key authenticates nothing (logged).

const dir = await mkdtemp(join(tmpdir(), 'strata-managed-keys-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const PASSPHRASE = 'the-right-passphrase-0123456789abcdef';

describe('ManagedKeys', () => {
  it('caches lookups for the TTL, sees changes after it, and forgets at once what it changed', async () => {
    const database = join(dir, 'ttl.db');
    await using store = await openSqliteStore({ database, masterKey: PASSPHRASE });
    let now = 1_000_000;
    let reads = 0;
    const counting = {
      credentials: new Proxy(store.credentials, {
        get(target, prop, receiver) {
          if (prop === 'get') reads++;
          return Reflect.get(target, prop, receiver) as unknown;
        },
      }),
    };
    const keys = new ManagedKeys({
      store: counting,
      tenants: new Map([['default', '123456789012']]),
      configured: new Set(),
      ttlMs: 5000,
      now: () => now,
    });
    const created = await keys.create({});
    expect((await keys.lookup(created.accessKeyId))?.secretAccessKey).toBe(created.secretAccessKey);
    expect(keys.scopeOf(created.accessKeyId)?.principal).toMatchObject({
      type: 'user',
      account: '123456789012',
      userId: created.accessKeyId,
    });
    await Promise.all([keys.lookup('UNKNOWN'), keys.lookup('UNKNOWN'), keys.lookup('UNKNOWN')]);
    await keys.lookup('UNKNOWN');
    expect(reads).toBe(2);
    // Disabled behind its back (another instance): trusted until the TTL runs out.
    await store.credentials.setDisabled(created.accessKeyId, true);
    expect(await keys.lookup(created.accessKeyId)).toBeDefined();
    now += 5000;
    expect(await keys.lookup(created.accessKeyId)).toBeUndefined();
    // Changed through it: at once.
    await keys.setDisabled(created.accessKeyId, false);
    expect(await keys.lookup(created.accessKeyId)).toBeDefined();
  });

  it('serves the last answer while the store fails, and nothing under a wrong master key', async () => {
    const database = join(dir, 'wrong.db');
    const errors: unknown[] = [];
    let id: string;
    {
      await using store = await openSqliteStore({ database, masterKey: PASSPHRASE });
      const keys = new ManagedKeys({
        store,
        tenants: new Map([['default', '123456789012']]),
        configured: new Set(),
        ttlMs: 0,
        onError: (error) => errors.push(error),
      });
      id = (await keys.create({})).accessKeyId;
      expect(await keys.lookup(id)).toBeDefined();
      await store.close();
      // Closed: every read fails; the last answer stands (and a key never read stays unknown).
      expect((await keys.lookup(id))?.accessKeyId).toBe(id);
      expect(await keys.lookup('NEVER-READ')).toBeUndefined();
      expect(errors).toHaveLength(2);
    }
    await using reopened = await openSqliteStore({
      database,
      masterKey: 'a-wrong-passphrase-0123456789abcdefgh',
    });
    const wrong = new ManagedKeys({
      store: reopened,
      tenants: new Map([['default', '123456789012']]),
      configured: new Set(),
      ttlMs: 0,
      onError: (error) => errors.push(error),
    });
    expect(await wrong.lookup(id)).toBeUndefined();
    expect((errors[2] as { code?: string }).code).toBe('EMETA_DECRYPT');
    expect((await wrong.list()).map((k) => k.accessKeyId)).toEqual([id]);
  });
});
