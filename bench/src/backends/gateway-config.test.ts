import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeGatewayConfig } from './gateway-config.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../apps/gateway/bin/strata.js', import.meta.url));
const dirs: string[] = [];

async function check(yaml: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-gw-config-'));
  dirs.push(dir);
  await writeFile(join(dir, 'strata.yaml'), yaml);
  const { stdout } = await run(process.execPath, [
    BIN,
    'config',
    'check',
    '-c',
    join(dir, 'strata.yaml'),
  ]);
  return stdout;
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('serializeGatewayConfig', () => {
  it('is a strata.yaml the gateway accepts, even with YAML-special characters in a secret', async () => {
    const yaml = serializeGatewayConfig(
      'strata-fs',
      {
        endpoint: 'http://127.0.0.1:9000',
        accessKeyId: 'AKBENCH',
        secretAccessKey: 'a: b # "c" \'d\' {e} [f]',
      },
      'bench-gw-blobs',
    );
    expect(yaml).toContain('    type: s3\n');
    expect(yaml).toContain('    bucket: "bench-gw-blobs"\n');
    expect(await check(yaml)).toContain('configuration OK');
  }, 30_000);

  it('is refused by the gateway when a required key is missing (the check can fail)', async () => {
    const yaml = serializeGatewayConfig(
      'b',
      { endpoint: 'http://127.0.0.1:9000', accessKeyId: 'AK', secretAccessKey: 's' },
      'bench',
    ).replace(/ {4}access_key_id: .*\n/, '');
    await expect(check(yaml)).rejects.toThrow(/access_key_id/);
  }, 30_000);
});
