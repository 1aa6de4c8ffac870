import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { resolveCredentials } from './credentials.js';
import { loadConfig } from './load-config.js';

async function yamlFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-config-'));
  const file = join(dir, 'strata.yaml');
  await writeFile(file, text);
  return file;
}

describe('loadConfig', () => {
  it('applies defaults with no file', async () => {
    const config = await loadConfig({ env: {} });
    expect(config.listen).toBe('127.0.0.1:9000');
    expect(config.data_dir).toBe('./strata-data');
    expect(config.region).toBe('us-east-1');
    expect(config.shutdown_timeout).toBe(30_000);
    expect(config.workers.intent_ttl).toBe(3_600_000);
  });

  it('names the bad key in its error', async () => {
    const file = await yamlFile('workers:\n  intent_ttl: soon\n');
    await expect(loadConfig({ file, env: {} })).rejects.toThrow(
      /workers\.intent_ttl: not a duration: soon/,
    );
    const unknown = await yamlFile('listen: 127.0.0.1:9000\nlisten_port: 9\n');
    await expect(loadConfig({ file: unknown, env: {} })).rejects.toThrow(
      /unknown key "listen_port"/,
    );
    const badListen = await yamlFile('listen: nine-thousand\n');
    await expect(loadConfig({ file: badListen, env: {} })).rejects.toBeInstanceOf(ConfigError);
  });

  it('layers file < environment < CLI overrides', async () => {
    const file = await yamlFile(
      'region: eu-west-1\nlisten: 127.0.0.1:1000\nworkers:\n  reaper_interval: 5s\n',
    );
    const config = await loadConfig({
      file,
      env: {
        STRATA_LISTEN: '127.0.0.1:2000',
        STRATA_WORKERS_REAPER_INTERVAL: '7s',
        STRATA_MAX_XML_BODY: '4096',
      },
      overrides: { listen: '127.0.0.1:3000' },
    });
    expect(config.region).toBe('eu-west-1');
    expect(config.listen).toBe('127.0.0.1:3000');
    expect(config.workers.reaper_interval).toBe(7_000);
    expect(config.max_xml_body).toBe(4096);
  });

  it('expands ${VAR} in values without letting them change the structure', async () => {
    const file = await yamlFile(
      'credentials:\n  - access_key_id: AKEXAMPLE\n    secret_access_key: ${SECRET}\n',
    );
    const config = await loadConfig({ file, env: { SECRET: 'has: colon # and hash' } });
    expect(config.credentials?.[0]?.secret_access_key).toBe('has: colon # and hash');
    await expect(loadConfig({ file, env: {} })).rejects.toThrow(
      /credentials\.0\.secret_access_key: environment variable SECRET is not set/,
    );
  });

  it('reads secrets from files and requires key id and secret together', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-secret-'));
    const secretFile = join(dir, 'secret');
    await writeFile(secretFile, 'file-secret-value\n');
    const config = await loadConfig({
      env: { STRATA_ACCESS_KEY_ID: 'AKFILE', STRATA_SECRET_ACCESS_KEY_FILE: secretFile },
    });
    const { credentials, source } = await resolveCredentials(config);
    expect(source).toBe('config');
    expect(credentials).toEqual([{ accessKeyId: 'AKFILE', secretAccessKey: 'file-secret-value' }]);
    await expect(loadConfig({ env: { STRATA_ACCESS_KEY_ID: 'AKONLY' } })).rejects.toThrow(
      /must be set together/,
    );
  });
});

describe('resolveCredentials', () => {
  it('generates a key pair once and keeps it in the data dir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-creds-'));
    const first = await resolveCredentials({ data_dir: dir, credentials: undefined });
    expect(first.source).toBe('generated');
    expect(first.credentials[0]!.accessKeyId).toMatch(/^[A-Z0-9]{20}$/);
    expect(first.credentials[0]!.secretAccessKey.length).toBe(40);
    const second = await resolveCredentials({ data_dir: dir, credentials: undefined });
    expect(second.source).toBe('data-dir');
    expect(second.credentials).toEqual(first.credentials);
  });
});
