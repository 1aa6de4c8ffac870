import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Keyring, generateDataKey } from '@strata/envelope';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';
import { resolveKeyring } from './resolve-keyring.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'strata-enc-config-'));
}

async function yamlFile(text: string): Promise<string> {
  const file = join(await tempDir(), 'strata.yaml');
  await writeFile(file, text);
  return file;
}

/** Loads `yaml` (with `env`) and resolves its keyring. */
async function load(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const config = await loadConfig({ file: await yamlFile(yaml), env });
  return { config, keyring: await resolveKeyring(config.encryption) };
}

/** The error `promise` rejects with (a test failure if it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Whether `keyring` holds `bytes` under `id`: a data key wrapped by one unwraps with the other. */
function holds(keyring: Keyring, id: string, bytes: Buffer): boolean {
  const dataKey = generateDataKey();
  const own = new Keyring({ keys: { [id]: bytes }, current: id });
  return keyring.unwrap(own.wrap(dataKey)).equals(dataKey);
}

const K1 = randomBytes(32);
const K2 = randomBytes(32);
const K3 = randomBytes(32);

describe('encryption config', () => {
  it('defaults to no keys, 64 KiB frames and no SSE-C over plain HTTP', async () => {
    const config = await loadConfig({ env: {} });
    expect(config.encryption).toEqual({
      keys: undefined,
      current: undefined,
      chunk_size: 65_536,
      allow_customer_keys_over_http: false,
    });
    expect(await resolveKeyring(config.encryption)).toBeUndefined();
  });

  it('reads keys inline (${VAR}, base64 or hex) and from files (raw bytes or text)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'k2.key'), K2);
    await writeFile(join(dir, 'k3.key'), `${K3.toString('base64')}\n`);
    const { config, keyring } = await load(
      [
        'encryption:',
        '  keys:',
        '    k1: ${STRATA_KEY_K1}',
        `    k2: file:${join(dir, 'k2.key')}`,
        `    prod/k3: file:${join(dir, 'k3.key')}`,
        `    hex: ${K1.toString('hex')}`,
        '  current: k2',
        '  chunk_size: 1MiB',
        '  allow_customer_keys_over_http: true',
        '',
      ].join('\n'),
      { STRATA_KEY_K1: K1.toString('base64') },
    );
    expect(config.encryption.chunk_size).toBe(1024 * 1024);
    expect(config.encryption.allow_customer_keys_over_http).toBe(true);
    expect(keyring?.currentKeyId).toBe('k2');
    expect(keyring?.keyIds).toEqual(['k1', 'k2', 'prod/k3', 'hex']);
    expect(holds(keyring!, 'k1', K1)).toBe(true);
    expect(holds(keyring!, 'k2', K2)).toBe(true);
    expect(holds(keyring!, 'prod/k3', K3)).toBe(true);
    expect(holds(keyring!, 'hex', K1)).toBe(true);
  });

  it('takes current, chunk_size and allow_customer_keys_over_http from STRATA_ENCRYPTION_*', async () => {
    const { config, keyring } = await load(
      `encryption:\n  keys:\n    a: ${K1.toString('base64')}\n    b: ${K2.toString('base64')}\n  current: a\n`,
      {
        STRATA_ENCRYPTION_CURRENT: 'b',
        STRATA_ENCRYPTION_CHUNK_SIZE: '16KiB',
        STRATA_ENCRYPTION_ALLOW_CUSTOMER_KEYS_OVER_HTTP: 'true',
      },
    );
    expect(keyring?.currentKeyId).toBe('b');
    expect(config.encryption.chunk_size).toBe(16 * 1024);
    expect(config.encryption.allow_customer_keys_over_http).toBe(true);
  });

  it('names the bad key in every validation error, and never shows key material', async () => {
    const short = randomBytes(16);
    const cases: [string, RegExp][] = [
      [
        `encryption:\n  keys:\n    k2: ${short.toString('base64')}\n  current: k2\n`,
        /: encryption\.keys\.k2: must be 32 bytes, as base64 .*; got base64 of 16 bytes$/,
      ],
      [
        `encryption:\n  keys:\n    k2: ${short.toString('hex')}\n  current: k2\n`,
        /: encryption\.keys\.k2: must be 32 bytes.*; got hex of 16 bytes$/,
      ],
      [
        'encryption:\n  keys:\n    k2: "not a key!"\n  current: k2\n',
        /: encryption\.keys\.k2: must be 32 bytes.*; got 10 characters that are neither base64 nor hex$/,
      ],
      [
        'encryption:\n  keys:\n    k2: "file:"\n  current: k2\n',
        /: encryption\.keys\.k2: file: needs a path/,
      ],
      [
        `encryption:\n  keys:\n    k1: ${K1.toString('base64')}\n  current: k9\n`,
        /: encryption\.current: "k9" is not among encryption\.keys$/,
      ],
      [
        `encryption:\n  keys:\n    k1: ${K1.toString('base64')}\n`,
        /: encryption\.current: is required with encryption\.keys/,
      ],
      [
        'encryption:\n  current: k1\n',
        /: encryption\.current: "k1" is not among encryption\.keys$/,
      ],
      ['encryption:\n  keys: {}\n  current: k1\n', /: encryption\.keys: list at least one key$/],
      [
        `encryption:\n  keys:\n    sse-c: ${K1.toString('base64')}\n  current: sse-c\n`,
        /: encryption\.keys\.sse-c: the id "sse-c" is reserved for customer-provided keys \(SSE-C\)$/,
      ],
      [
        `encryption:\n  keys:\n    "bad id": ${K1.toString('base64')}\n  current: "bad id"\n`,
        /: encryption\.keys\.bad id: a key id is 1 to 63 characters of A-Z a-z 0-9 \. _ : \/ -$/,
      ],
      [
        `encryption:\n  keys:\n    ${'k'.repeat(64)}: ${K1.toString('base64')}\n  current: k\n`,
        /: encryption\.keys\.k{64}: a key id is 1 to 63 characters/,
      ],
      [
        'encryption:\n  chunk_size: 512\n',
        /: encryption\.chunk_size: must be between 1KiB and 16MiB$/,
      ],
      [
        'encryption:\n  chunk_size: 32MiB\n',
        /: encryption\.chunk_size: must be between 1KiB and 16MiB$/,
      ],
      ['encryption:\n  chunk_size: big\n', /: encryption\.chunk_size: not a size: big/],
      [
        'encryption:\n  allow_customer_keys_over_http: sometimes\n',
        /: encryption\.allow_customer_keys_over_http: /,
      ],
      ['encryption:\n  key: x\n', /: encryption: unknown key "key"$/],
    ];
    for (const [yaml, message] of cases) {
      const error = await failure(load(yaml));
      expect(error, yaml).toBeInstanceOf(ConfigError);
      expect(error.message, yaml).toMatch(message);
      for (const secret of [short, K1]) {
        expect(error.message).not.toContain(secret.toString('base64'));
        expect(error.message).not.toContain(secret.toString('hex'));
      }
    }
  });

  it('names the key whose file is unreadable or holds no key, without quoting the file', async () => {
    const dir = await tempDir();
    const missing = join(dir, 'missing.key');
    await expect(
      load(`encryption:\n  keys:\n    k2: file:${missing}\n  current: k2\n`),
    ).rejects.toThrow(new RegExp(`^encryption\\.keys\\.k2: cannot read ${missing}: `));
    const bad = join(dir, 'bad.key');
    const content = randomBytes(24).toString('base64');
    await writeFile(bad, `${content}\n`);
    const error = await failure(load(`encryption:\n  keys:\n    k2: file:${bad}\n  current: k2\n`));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(
      new RegExp(
        `^encryption\\.keys\\.k2: ${bad} must hold a 32-byte key: .*got base64 of 24 bytes$`,
      ),
    );
    expect(error.message).not.toContain(content);
  });

  it('names an unset ${VAR} and leaves key lines out of YAML syntax errors', async () => {
    await expect(
      load('encryption:\n  keys:\n    k1: ${STRATA_KEY_K1}\n  current: k1\n'),
    ).rejects.toThrow(/encryption\.keys\.k1: environment variable STRATA_KEY_K1 is not set/);
    const secret = K1.toString('base64');
    const error = await failure(load(`encryption:\n  keys:\n    k1: ${secret}: oops\n`));
    expect(error.message).toMatch(/invalid YAML: .* at line 3, column \d+$/);
    expect(error.message).not.toContain(secret);
  });

  it('never prints key material in a dump of the configuration', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'k2.key'), K2);
    const { config } = await load(
      `encryption:\n  keys:\n    k1: ${K1.toString('hex')}\n    k2: file:${join(dir, 'k2.key')}\n  current: k1\n`,
    );
    const dumps = [
      JSON.stringify(config),
      inspect(config, { depth: 10 }),
      String(config.encryption.keys?.k1),
    ];
    for (const dump of dumps) {
      expect(dump).not.toContain(K1.toString('hex'));
      expect(dump).not.toContain(K1.toString('base64'));
    }
    expect(JSON.stringify(config.encryption.keys)).toBe(
      JSON.stringify({ k1: '[redacted]', k2: `file:${join(dir, 'k2.key')}` }),
    );
    expect(dumps[1]).toContain('ConfiguredKey([redacted])');
  });
});
