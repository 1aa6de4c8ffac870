import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from '../config/load-config.js';

const TOKEN = 'a'.repeat(32);

describe('admin.* configuration keys', () => {
  it('is off by default', () => {
    expect(validateConfig({}).admin).toEqual({});
  });

  it('takes tokens alone (main listener) or with its own listen address', () => {
    expect(validateConfig({ admin: { tokens: [TOKEN] } }).admin).toEqual({ tokens: [TOKEN] });
    expect(validateConfig({ admin: { listen: '127.0.0.1:9200', tokens: [TOKEN] } }).admin).toEqual({
      listen: '127.0.0.1:9200',
      tokens: [TOKEN],
    });
    // Read-only tokens alone open it too (GET and HEAD only).
    expect(
      validateConfig({ admin: { listen: '127.0.0.1:9200', read_only_tokens: [TOKEN] } }).admin,
    ).toEqual({ listen: '127.0.0.1:9200', read_only_tokens: [TOKEN] });
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
      expect(config.admin).toEqual({ listen: '127.0.0.1:9300', tokens: [TOKEN] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
