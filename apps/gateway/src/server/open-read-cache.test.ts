import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { bucketPolicies } from './configure-buckets.js';
import { openGatewayReadCache } from './open-read-cache.js';

const logger = pino({ level: 'silent' });

const dirs: string[] = [];
async function yamlFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-cache-config-'));
  dirs.push(dir);
  const file = join(dir, 'strata.yaml');
  await writeFile(file, text);
  return file;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const BACKENDS = `
backends:
  - name: disk
    type: fs
    path: /tmp/strata-unused-disk
  - name: remote
    type: s3
    endpoint: http://127.0.0.1:1
    bucket: remote
    access_key_id: KEY
    secret_access_key: secret-key
  - name: nearby
    type: s3
    endpoint: http://127.0.0.1:1
    bucket: nearby
    access_key_id: KEY
    secret_access_key: secret-key
    cache: false
`;

describe('read cache configuration', () => {
  it('is off by default: no cache opened, no bucket cached', async () => {
    const config = await loadConfig({ env: {} });
    expect(config.cache).toEqual({
      enabled: false,
      block_size: 256 * 1024,
      memory: 256 * 1024 * 1024,
      disk: 0,
      readahead: 0,
      max_object_size: 0,
    });
    expect(bucketPolicies(config).defaultPolicy.cache).toBeUndefined();
    expect(await openGatewayReadCache(config, '/nonexistent', logger)).toBeUndefined();
  });

  it('caches S3 backends by default, per bucket and per backend, with the disk tier under data_dir', async () => {
    const file = await yamlFile(`${BACKENDS}
cache:
  memory: 8MiB
  disk: 64MiB
  block_size: 1MiB
  max_object_size: 1GiB
buckets:
  - name: parquet
    cache: { max_object_size: 10GiB }
  - name: logs
`);
    const config = await loadConfig({ file, env: {} });
    const { policyOf, defaultPolicy } = bucketPolicies(config);
    expect(defaultPolicy.cache).toBeUndefined();
    expect(policyOf('logs')?.cache).toBeUndefined();
    expect(policyOf('parquet')?.cache).toEqual({
      backends: ['remote'],
      maxObjectSize: 10 * 1024 ** 3,
    });
    const dataDir = join(file, '..', 'data');
    const cache = await openGatewayReadCache(config, dataDir, logger);
    expect(cache?.blockSize).toBe(1024 * 1024);
    expect(cache?.stats().disk).toMatchObject({ blocks: 0 });
    expect(await readdir(dataDir)).toEqual(['cache']);
    await cache?.close();
  });

  it('cache.enabled caches buckets created through the API; a bucket may opt out', async () => {
    const file = await yamlFile(`${BACKENDS}
buckets:
  - name: private
    cache: { enabled: false }
`);
    const config = await loadConfig({ file, env: { STRATA_CACHE_ENABLED: 'true' } });
    const { policyOf, defaultPolicy } = bucketPolicies(config);
    expect(defaultPolicy.cache).toEqual({ backends: ['remote'] });
    expect(policyOf('private')?.cache).toBeUndefined();
  });

  it('names the bad key', async () => {
    await expect(loadConfig({ env: { STRATA_CACHE_BLOCK_SIZE: '1KiB' } })).rejects.toThrow(
      /cache\.block_size: must be from 4KiB to 64MiB/,
    );
    await expect(
      loadConfig({ env: { STRATA_CACHE_ENABLED: 'true', STRATA_CACHE_MEMORY: '0' } }),
    ).rejects.toThrow(/cache\.memory: a cached bucket needs cache\.memory or cache\.disk/);
    const file = await yamlFile('buckets:\n  - name: abc\n    cache: { enabled: maybe }\n');
    await expect(loadConfig({ file, env: {} })).rejects.toThrow(/buckets\.0\.cache\.enabled/);
  });
});
