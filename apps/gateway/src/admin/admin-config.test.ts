import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from '../config/load-config.js';

const TOKEN = 'a'.repeat(32);

describe('admin.* configuration keys', () => {
  it('is off by default', () => {
    expect(validateConfig({}).admin).toEqual({ keys_refresh: 5000 });
  });

  it('takes tokens alone (main listener) or with its own listen address', () => {
    expect(validateConfig({ admin: { tokens: [TOKEN] } }).admin).toEqual({
      tokens: [TOKEN],
      keys_refresh: 5000,
    });
    expect(validateConfig({ admin: { listen: '127.0.0.1:9200', tokens: [TOKEN] } }).admin).toEqual({
      listen: '127.0.0.1:9200',
      tokens: [TOKEN],
      keys_refresh: 5000,
    });
    // Read-only tokens alone open it too (GET and HEAD only).
    expect(
      validateConfig({ admin: { listen: '127.0.0.1:9200', read_only_tokens: [TOKEN] } }).admin,
    ).toEqual({ listen: '127.0.0.1:9200', read_only_tokens: [TOKEN], keys_refresh: 5000 });
  });

  it.each([
    [
      { tokens: ['short'] },
      'config: admin.tokens.0: an admin token must be at least 32 characters',
    ],
    [{ tokens: [] }, 'config: admin.tokens: must list at least one token'],
    [{ tokens: TOKEN }, 'config: admin.tokens: '],
    [{ listen: 'nowhere', tokens: [TOKEN] }, 'config: admin.listen: expected HOST:PORT'],
    [
      { listen: '127.0.0.1:9200' },
      'config: admin.tokens: admin.tokens (or admin.read_only_tokens) is required when admin.listen is set',
    ],
    [{ token: TOKEN }, 'config: admin: unknown key "token"'],
    [
      { read_only_tokens: ['short'] },
      'config: admin.read_only_tokens.0: an admin token must be at least 32 characters',
    ],
  ])('refuses %j, naming the key', (admin, message) => {
    expect(() => validateConfig({ admin })).toThrow(message);
  });

  it('reads tokens from the file (with ${ENV} expansion), listen from STRATA_ADMIN_LISTEN', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-admin-config-'));
    try {
      const file = join(dir, 'strata.yaml');
      await writeFile(file, 'admin:\n  tokens:\n    - "${ADMIN_TOKEN}"\n');
      const config = await loadConfig({
        file,
        env: { ADMIN_TOKEN: TOKEN, STRATA_ADMIN_LISTEN: '127.0.0.1:9300' },
      });
      expect(config.admin).toEqual({
        listen: '127.0.0.1:9300',
        tokens: [TOKEN],
        keys_refresh: 5000,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes the managed keys passphrase inline or from a file, never both, 32+ characters', async () => {
    const passphrase = 'p'.repeat(32);
    expect(
      validateConfig({ admin: { keys_master_key: passphrase, keys_refresh: '1m' } }).admin,
    ).toEqual({ keys_master_key: passphrase, keys_refresh: 60_000 });
    expect(() => validateConfig({ admin: { keys_master_key: 'short' } })).toThrow(
      'config: admin.keys_master_key: must be at least 32 characters',
    );
    expect(() =>
      validateConfig({ admin: { keys_master_key: passphrase, keys_master_key_file: '/x' } }),
    ).toThrow(
      'config: admin.keys_master_key: give at most one of keys_master_key and keys_master_key_file',
    );
    const dir = await mkdtemp(join(tmpdir(), 'strata-keys-passphrase-'));
    try {
      const file = join(dir, 'passphrase');
      await writeFile(file, 'short\n');
      const { resolveKeysMasterKey } = await import('../server/managed-keys-config.js');
      await expect(
        resolveKeysMasterKey(validateConfig({ admin: { keys_master_key_file: file } }).admin),
      ).rejects.toThrow(
        `admin.keys_master_key_file: the passphrase in ${file} must be at least 32 characters`,
      );
      await writeFile(file, `${passphrase}\n`);
      expect(
        await resolveKeysMasterKey(validateConfig({ admin: { keys_master_key_file: file } }).admin),
      ).toBe(passphrase);
      const env = await loadConfig({ env: { STRATA_ADMIN_KEYS_MASTER_KEY: passphrase } });
      expect(env.admin.keys_master_key).toBe(passphrase);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
