import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import type { KyselyPlugin } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Credential } from '../credential.js';
import type { CredentialInput } from '../credential.js';
import { MetastoreConfigError, MetastoreDecryptError } from '../errors.js';
import type { ConformanceOpener } from './fixtures.js';
import { rejection, useStores } from './fixtures.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function makeCredential(overrides: Partial<CredentialInput> = {}): CredentialInput {
  return {
    accessKeyId: 'AKIAEXAMPLE1',
    secretAccessKey: SECRET,
    owner: 'alice',
    buckets: ['photos', 'logs'],
    createdAt: new Date(1_700_000_000_000),
    ...overrides,
  };
}

/** PostgreSQL hands some counters back as bigint. */
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? String(value) : value;
}

/** Records every query and result as text, to prove a secret never reaches SQL. */
function createSqlRecorder(): { readonly plugin: KyselyPlugin; readonly text: string[] } {
  const text: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      text.push(JSON.stringify(args.node, jsonSafe));
      return args.node;
    },
    transformResult(args) {
      text.push(JSON.stringify(args.result.rows, jsonSafe));
      return Promise.resolve(args.result);
    },
  };
  return { plugin, text };
}

/** Credentials: secrets sealed under the master key, never shown. */
export function describeCredentials(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('credentials', () => {
    it('stores, reads back, lists and deletes access keys', async () => {
      const store = await stores.openWith(stores.newName(), { masterKey: randomBytes(32) });
      await store.credentials.put(makeCredential());
      await store.credentials.put(
        makeCredential({
          accessKeyId: 'AKIA0BOB',
          owner: 'bob',
          secretAccessKey: 's2',
          buckets: null,
        }),
      );
      await store.credentials.put(
        makeCredential({
          accessKeyId: 'AKIA0ALICE2',
          secretAccessKey: 'ünï©ødé',
          buckets: undefined,
        }),
      );

      const fetched = await store.credentials.get('AKIAEXAMPLE1');
      expect(fetched).toBeInstanceOf(Credential);
      expect(fetched?.secretAccessKey).toBe(SECRET);
      expect(fetched).toMatchObject({
        accessKeyId: 'AKIAEXAMPLE1',
        owner: 'alice',
        buckets: ['photos', 'logs'],
        createdAt: new Date(1_700_000_000_000),
      });
      expect((await store.credentials.get('AKIA0ALICE2'))?.secretAccessKey).toBe('ünï©ødé');
      expect(await store.credentials.get('AKIA-NOPE')).toBeUndefined();

      const all = await store.credentials.list();
      expect(all.map((c) => c.accessKeyId)).toEqual(['AKIA0ALICE2', 'AKIA0BOB', 'AKIAEXAMPLE1']);
      expect(all[1]).toEqual({
        accessKeyId: 'AKIA0BOB',
        owner: 'bob',
        buckets: null,
        createdAt: new Date(1_700_000_000_000),
        masterKeyId: fetched!.masterKeyId,
        disabled: false,
      });
      expect(all[0]?.buckets).toBeNull();
      expect(JSON.stringify(all)).not.toContain(SECRET);
      expect((await store.credentials.list('alice')).map((c) => c.accessKeyId)).toEqual([
        'AKIA0ALICE2',
        'AKIAEXAMPLE1',
      ]);

      // put replaces: a new secret and scope for the same key id.
      await store.credentials.put(makeCredential({ secretAccessKey: 'rotated', buckets: ['x'] }));
      expect(await store.credentials.get('AKIAEXAMPLE1')).toMatchObject({ buckets: ['x'] });
      expect((await store.credentials.get('AKIAEXAMPLE1'))?.secretAccessKey).toBe('rotated');

      // Disabled, a key keeps its secret and scope; enabled again, it is as it was; put keeps
      // what it is given (enabled by default).
      expect(await store.credentials.setDisabled('AKIAEXAMPLE1', true)).toBe(true);
      expect(await store.credentials.get('AKIAEXAMPLE1')).toMatchObject({ disabled: true });
      expect((await store.credentials.get('AKIAEXAMPLE1'))?.secretAccessKey).toBe('rotated');
      expect((await store.credentials.list('alice')).map((c) => c.disabled)).toEqual([false, true]);
      expect(await store.credentials.setDisabled('AKIAEXAMPLE1', false)).toBe(true);
      expect(await store.credentials.get('AKIAEXAMPLE1')).toMatchObject({ disabled: false });
      await store.credentials.put(makeCredential({ disabled: true }));
      expect(await store.credentials.get('AKIAEXAMPLE1')).toMatchObject({ disabled: true });
      expect(await store.credentials.setDisabled('AKIA-NOPE', true)).toBe(false);

      expect(await store.credentials.delete('AKIA0BOB')).toBe(true);
      expect(await store.credentials.delete('AKIA0BOB')).toBe(false);
      expect(await store.credentials.get('AKIA0BOB')).toBeUndefined();
    });

    it('never shows the secret: inspect, JSON, String, spreading', async () => {
      const store = await stores.openWith(stores.newName(), { masterKey: randomBytes(32) });
      await store.credentials.put(makeCredential());
      const fetched = (await store.credentials.get('AKIAEXAMPLE1'))!;
      for (const text of [
        inspect(fetched),
        inspect(fetched, { showHidden: true, depth: 10, getters: true }),
        inspect({ nested: [fetched] }, { depth: 10 }),
        JSON.stringify(fetched),
        JSON.stringify({ nested: fetched }),
        String(fetched),
        JSON.stringify({ ...fetched }),
        inspect(structuredClone(fetched)),
      ]) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain('EXAMPLEKEY');
      }
      expect(inspect(fetched)).toContain('AKIAEXAMPLE1');
      expect(inspect(fetched)).toContain('[redacted]');
      expect(JSON.parse(JSON.stringify(fetched))).toEqual({
        accessKeyId: 'AKIAEXAMPLE1',
        owner: 'alice',
        buckets: ['photos', 'logs'],
        createdAt: '2023-11-14T22:13:20.000Z',
        masterKeyId: fetched.masterKeyId,
        disabled: false,
      });
      expect(Object.keys(fetched)).not.toContain('secretAccessKey');
      expect(inspect(store, { showHidden: true, depth: 10 })).not.toContain(SECRET);
    });

    it('sends only ciphertext to the database, with a fresh nonce per write', async () => {
      const recorder = createSqlRecorder();
      const store = await stores.openWith(stores.newName(), {
        masterKey: randomBytes(32),
        plugins: [recorder.plugin],
      });
      await store.credentials.put(makeCredential());
      await store.credentials.put(makeCredential({ accessKeyId: 'AKIA2' }));
      expect((await store.credentials.get('AKIAEXAMPLE1'))?.secretAccessKey).toBe(SECRET);
      expect((await store.credentials.get('AKIA2'))?.secretAccessKey).toBe(SECRET);
      const sql = recorder.text.join('\n');
      expect(sql).toContain('AKIAEXAMPLE1');
      expect(sql).not.toContain(SECRET);
      expect(sql).not.toContain(Buffer.from(SECRET).toString('base64'));
      // Same secret, same master key, two rows: two different ciphertexts (random nonces).
      const sealed = [...sql.matchAll(/"v1:([A-Za-z0-9+/=]+)"/g)].map((m) => m[1]);
      expect(new Set(sealed).size).toBeGreaterThanOrEqual(2);
    });

    it('refuses put and get without a master key, but lists and deletes', async () => {
      const name = stores.newName();
      const keyed = await stores.openWith(name, { masterKey: randomBytes(32) });
      await keyed.credentials.put(makeCredential());
      const bare = await stores.open(name);
      for (const attempt of [
        bare.credentials.put(makeCredential({ accessKeyId: 'AKIA3' })),
        bare.credentials.get('AKIAEXAMPLE1'),
        bare.transaction((tx) => tx.credentials.get('AKIAEXAMPLE1')),
      ]) {
        const error = await rejection(attempt);
        expect(error).toBeInstanceOf(MetastoreConfigError);
        expect(error).toMatchObject({ code: 'EMETA_NO_MASTER_KEY' });
        expect(String((error as Error).message)).not.toContain(SECRET);
      }
      expect((await bare.credentials.list()).map((c) => c.accessKeyId)).toEqual(['AKIAEXAMPLE1']);
      expect(await bare.credentials.delete('AKIAEXAMPLE1')).toBe(true);
    });

    it('fails with a typed error under the wrong master key', async () => {
      const name = stores.newName();
      const right = randomBytes(32);
      const first = await stores.openWith(name, { masterKey: right });
      await first.credentials.put(makeCredential());
      const wrong = await stores.openWith(name, { masterKey: randomBytes(32) });
      const error = await rejection(wrong.credentials.get('AKIAEXAMPLE1'));
      expect(error).toBeInstanceOf(MetastoreDecryptError);
      expect(error).toMatchObject({
        code: 'EMETA_DECRYPT',
        reason: 'wrong-master-key',
        accessKeyId: 'AKIAEXAMPLE1',
      });
      expect(inspect(error)).not.toContain(SECRET);
      // Listing needs no decryption; each row names the key that sealed it (rotation).
      await wrong.credentials.put(makeCredential({ accessKeyId: 'AKIA9' }));
      const listed = await wrong.credentials.list();
      expect(listed.map((c) => c.accessKeyId)).toEqual(['AKIA9', 'AKIAEXAMPLE1']);
      expect(listed[0]?.masterKeyId).toMatch(/^[0-9a-f]{16}$/);
      expect(listed[0]?.masterKeyId).not.toBe(listed[1]?.masterKeyId);
      const again = await stores.openWith(name, { masterKey: Buffer.from(right) });
      expect((await again.credentials.get('AKIAEXAMPLE1'))?.secretAccessKey).toBe(SECRET);
    });

    it('derives the same key from one passphrase on every instance (stored salt)', async () => {
      const name = stores.newName();
      // Opened together on a fresh database: both race to store the salt; one salt wins for both.
      const [a, b] = await Promise.all([
        stores.openWith(name, { masterKey: 'correct horse battery staple' }),
        stores.openWith(name, { masterKey: 'correct horse battery staple' }),
      ]);
      await a.credentials.put(makeCredential());
      expect((await b.credentials.get('AKIAEXAMPLE1'))?.secretAccessKey).toBe(SECRET);
      const other = await stores.openWith(name, { masterKey: 'Correct horse battery staple' });
      expect(await rejection(other.credentials.get('AKIAEXAMPLE1'))).toMatchObject({
        code: 'EMETA_DECRYPT',
        reason: 'wrong-master-key',
      });
    });

    it('rejects unusable master keys when opening', async () => {
      for (const masterKey of [randomBytes(16), Buffer.alloc(0), '']) {
        const error = await rejection(stores.openWith(stores.newName(), { masterKey }));
        expect(error).toBeInstanceOf(MetastoreConfigError);
        expect(error).toMatchObject({ code: 'EMETA_BAD_MASTER_KEY' });
      }
    });

    it('rejects an empty secret without echoing input', async () => {
      const store = await stores.openWith(stores.newName(), { masterKey: randomBytes(32) });
      expect(
        await rejection(store.credentials.put(makeCredential({ secretAccessKey: '' }))),
      ).toBeInstanceOf(TypeError);
      expect(
        await rejection(store.credentials.put(makeCredential({ accessKeyId: '' }))),
      ).toBeInstanceOf(TypeError);
      expect(await store.credentials.list()).toEqual([]);
    });
  });
}
