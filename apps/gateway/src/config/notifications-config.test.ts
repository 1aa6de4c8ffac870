import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveWebhookTargets } from './webhook-targets.js';
import { loadConfig } from './load-config.js';
import { targetOfArn } from './notifications-schema.js';

const dir = await mkdtemp(join(tmpdir(), 'strata-notify-config-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, yaml);
  return loadConfig({ file, env });
}

const TARGETS = [
  'notifications:',
  '  targets:',
  '    - name: hooks',
  '      url: https://hooks.example.com/s3',
  '      secret: 0123456789abcdef-secret',
  '    - name: audit',
  '      url: http://127.0.0.1:8080/events',
  '      timeout: 2s',
  '',
].join('\n');

describe('notifications config', () => {
  it('has no targets by default, 20 attempts and a 1 s interval; env sets the scalars', async () => {
    expect((await loadConfig({ env: {} })).notifications).toEqual({
      targets: [],
      max_attempts: 20,
      interval: 1000,
    });
    const config = await loadConfig({
      env: { STRATA_NOTIFICATIONS_MAX_ATTEMPTS: '5', STRATA_NOTIFICATIONS_INTERVAL: '250ms' },
    });
    expect(config.notifications).toMatchObject({ max_attempts: 5, interval: 250 });
  });

  it('reads targets and resolves their secrets, from a file too', async () => {
    const secretFile = join(dir, 'hook-secret');
    await writeFile(secretFile, 'secret-from-a-file-0123\n');
    const config = await load(
      TARGETS + `    - name: filed\n      url: http://x.test/\n      secret_file: ${secretFile}\n`,
    );
    const targets = await resolveWebhookTargets(config.notifications);
    expect([...targets]).toEqual([
      [
        'hooks',
        {
          url: 'https://hooks.example.com/s3',
          timeoutMs: 10_000,
          secret: '0123456789abcdef-secret',
        },
      ],
      ['audit', { url: 'http://127.0.0.1:8080/events', timeoutMs: 2000 }],
      ['filed', { url: 'http://x.test/', timeoutMs: 10_000, secret: 'secret-from-a-file-0123' }],
    ]);
    const missing = await load(
      `${TARGETS}    - name: gone\n      url: http://x.test/\n      secret_file: ${join(dir, 'nope')}\n`,
    );
    await expect(resolveWebhookTargets(missing.notifications)).rejects.toThrow(
      /notifications\.targets\.2\.secret_file: cannot read/,
    );
  });

  it('names the bad key: a URL, a name, a short secret, a duplicate, zero attempts', async () => {
    const cases: [string, RegExp][] = [
      [
        'notifications:\n  targets:\n    - name: a\n      url: ftp://x\n',
        /notifications\.targets\.0\.url: expected an http\(s\) URL/,
      ],
      [
        'notifications:\n  targets:\n    - name: "a b"\n      url: http://x\n',
        /notifications\.targets\.0\.name: letters, digits/,
      ],
      [
        'notifications:\n  targets:\n    - name: a\n      url: http://x\n      secret: short\n',
        /notifications\.targets\.0\.secret: at least 16/,
      ],
      [
        TARGETS + '    - name: hooks\n      url: http://x\n',
        /notifications\.targets\.2\.name: duplicate notification target: hooks/,
      ],
      ['notifications:\n  max_attempts: 0\n', /notifications\.max_attempts: must be at least 1/],
      [
        'notifications:\n  targets:\n    - name: a\n      url: http://x\n      colour: red\n',
        /notifications\.targets\.0/,
      ],
    ];
    for (const [yaml, message] of cases) await expect(load(yaml)).rejects.toThrow(message);
  });

  it('resolves a destination ARN to a configured target, in the gateway region or none', async () => {
    const config = (await load(TARGETS)).notifications;
    expect(targetOfArn(config, 'eu-west-1', 'arn:strata:sqs::hooks:webhook')).toBe('hooks');
    expect(targetOfArn(config, 'eu-west-1', 'arn:strata:sns:eu-west-1:audit:webhook')).toBe(
      'audit',
    );
    expect(targetOfArn(config, 'eu-west-1', 'arn:strata:lambda::hooks:webhook')).toBe('hooks');
    for (const arn of [
      'arn:strata:sqs:us-east-1:hooks:webhook',
      'arn:strata:sqs::nobody:webhook',
      'arn:aws:sqs::hooks:webhook',
      'arn:strata:sqs::hooks:kafka',
      'arn:strata:s3::hooks:webhook',
      'arn:strata:sqs::hooks',
    ]) {
      expect(targetOfArn(config, 'eu-west-1', arn), arn).toBeUndefined();
    }
  });
});
