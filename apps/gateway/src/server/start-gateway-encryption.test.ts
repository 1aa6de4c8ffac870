import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { validateConfig } from '../config/load-config.js';
import { startGateway } from './start-gateway.js';

const credentials = [
  { access_key_id: 'AKENCRYPTION01', secret_access_key: 'encryption-secret-0123' },
];

describe('startGateway with encryption keys', () => {
  it('loads the keyring, logging key ids and never key bytes; warns about SSE-C over HTTP', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-start-enc-'));
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    await writeFile(join(dir, 'k2.key'), k2);
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    try {
      const gateway = await startGateway(
        validateConfig({
          listen: '127.0.0.1:0',
          data_dir: dir,
          credentials,
          workers: { enabled: false },
          encryption: {
            keys: { k1: k1.toString('base64'), k2: `file:${join(dir, 'k2.key')}` },
            current: 'k2',
            allow_customer_keys_over_http: true,
          },
        }),
        { logger },
      );
      await gateway.close();
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged).toContainEqual(
        expect.objectContaining({
          msg: 'encryption at rest: master keys loaded',
          keys: ['k1', 'k2'],
          current: 'k2',
        }),
      );
      expect(logged).toContainEqual(
        expect.objectContaining({
          level: 40,
          msg: expect.stringContaining('allow_customer_keys_over_http') as string,
        }),
      );
      const all = lines.join('');
      for (const key of [k1, k2]) {
        expect(all).not.toContain(key.toString('base64'));
        expect(all).not.toContain(key.toString('hex'));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start, naming the key, when a key file cannot be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-start-enc-'));
    try {
      const start = startGateway(
        validateConfig({
          listen: '127.0.0.1:0',
          data_dir: dir,
          credentials,
          encryption: { keys: { k1: `file:${join(dir, 'absent.key')}` }, current: 'k1' },
        }),
        { logger: pino({ level: 'silent' }) },
      );
      await expect(start).rejects.toThrow(ConfigError);
      await expect(start).rejects.toThrow(/^encryption\.keys\.k1: cannot read /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
