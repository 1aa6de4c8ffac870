import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MetastoreConfigError } from './errors.js';
import type { MetaStoreCallStart } from './meta-store-call.js';
import { openSqliteStore } from './sqlite/index.js';

describe('CreateMetaStoreOptions.onCallStart', () => {
  it('brackets every repository call, transaction and ping, in the caller context', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-meta-call-'));
    const caller = new AsyncLocalStorage<string>();
    const log: string[] = [];
    const starts: (MetaStoreCallStart & { context: string | undefined })[] = [];
    try {
      await using store = await openSqliteStore({
        database: join(dir, 'meta.db'),
        onCallStart: (call) => {
          starts.push({ ...call, context: caller.getStore() });
          const name = `${call.repo}.${call.method}`;
          log.push(`start ${name}`);
          return (error) =>
            log.push(`end ${name} ${error === undefined ? 'ok' : (error as Error).name}`);
        },
      });
      await caller.run('request-1', async () => {
        await store.buckets.create({
          name: 'photos',
          owner: 'alice',
          region: 'us-east-1',
          createdAt: new Date(),
          versioning: 'Unversioned',
        });
        expect(await store.buckets.get('photos')).toMatchObject({ name: 'photos' });
        // A transaction is one call: the repositories inside it are not reported one by one.
        await store.transaction(async (tx) => {
          await tx.buckets.get('photos');
          await tx.objects.get('photos', 'a.txt');
        });
        await store.ping();
        // No master key: the call fails, and its end is told so.
        const secret = {
          accessKeyId: 'AK1',
          secretAccessKey: 's',
          owner: 'o',
          createdAt: new Date(),
        };
        await expect(store.credentials.put(secret)).rejects.toBeInstanceOf(MetastoreConfigError);
      });
      expect(log).toEqual([
        'start buckets.create',
        'end buckets.create ok',
        'start buckets.get',
        'end buckets.get ok',
        'start store.transaction',
        'end store.transaction ok',
        'start store.ping',
        'end store.ping ok',
        'start credentials.put',
        'end credentials.put MetastoreConfigError',
      ]);
      expect(starts.map((s) => s.mode)).toEqual(['write', 'read', 'write', 'read', 'write']);
      expect(starts.every((s) => s.context === 'request-1')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
