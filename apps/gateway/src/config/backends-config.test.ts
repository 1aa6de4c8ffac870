import { describe, expect, it } from 'vitest';
import { ownerIdOf, resolveAccessKeys } from './access-keys.js';
import { validateConfig } from './load-config.js';
import { parseSize } from './size.js';

const s3 = {
  name: 'rgw',
  type: 's3',
  endpoint: 'http://127.0.0.1:8000',
  bucket: 'strata',
  access_key_id: 'AK',
  secret_access_key: 'SK',
};

describe('backends, buckets and tenants in strata.yaml', () => {
  it('parses sizes, durations and defaults', () => {
    const config = validateConfig({
      backends: [
        { name: 'disk', type: 'fs', path: '/srv/disk', quota_bytes: '2GiB' },
        { ...s3, quota_objects: 10, limits: { egress_bytes: '1TB' }, max_transfer_memory: '32MiB' },
      ],
      buckets: [
        { name: 'photos', backends: ['rgw', 'disk'], replication: { factor: 2, mode: 'sync' } },
      ],
    });
    expect(config.backends?.[0]).toMatchObject({
      quota_bytes: 2 * 2 ** 30,
      fsync: true,
      state: 'active',
    });
    expect(config.backends?.[1]).toMatchObject({
      region: 'us-east-1',
      limits: { egress_bytes: 1e12 },
      max_transfer_memory: 32 * 2 ** 20,
    });
    expect(config.breaker).toEqual({
      enabled: true,
      timeout: 10_000,
      error_threshold: 50,
      volume_threshold: 5,
      reset_timeout: 30_000,
    });
    expect(config.buckets?.[0]?.replication).toEqual({ factor: 2, mode: 'sync' });
  });

  it.each([
    [{ backends: [{ name: 'x', type: 'ftp' }] }, /backends\.0\.type/],
    [{ backends: [{ ...s3, quota_bytes: 'lots' }] }, /backends\.0\.quota_bytes: not a size: lots/],
    [{ backends: [{ ...s3, endpoint: 'ftp://x' }] }, /backends\.0\.endpoint/],
    [
      { backends: [{ ...s3, max_transfer_memory: '1MiB' }] },
      /backends\.0\.max_transfer_memory: at least 5MiB/,
    ],
    [{ backends: [{ ...s3, secret_access_key: undefined }] }, /backends\.0: give exactly one of/],
    [{ backends: [{ ...s3, colour: 'red' }] }, /backends\.0: unknown key "colour"/],
    [{ backends: [s3, s3] }, /backends\.1\.name: duplicate backend name: rgw/],
    [
      { buckets: [{ name: 'photos', backends: ['nope'] }] },
      /buckets\.0\.backends\.0: unknown backend: nope/,
    ],
    [
      { buckets: [{ name: 'photos', replication: { factor: 2 } }] },
      /buckets\.0\.replication\.factor: factor 2 needs as many backends, but 1 are available/,
    ],
    [
      { replication: { factor: 2, write_quorum: 3 } },
      /replication\.write_quorum: write_quorum cannot exceed factor/,
    ],
    [
      { buckets: [{ name: 'photos', tenant: 'ghost' }] },
      /buckets\.0\.tenant: unknown tenant: ghost/,
    ],
    [{ placement: 'random' }, /placement/],
  ])('names the bad key: %j', (raw, message) => {
    expect(() => validateConfig(raw, 'strata.yaml')).toThrow(message);
  });

  it('gives every key its tenant and a bucket key its bucket; refuses a key id twice', async () => {
    const config = validateConfig({
      tenants: [
        {
          name: 'acme',
          credentials: [{ access_key_id: 'ACME1', secret_access_key: 'acme-secret' }],
        },
      ],
      buckets: [
        {
          name: 'photos',
          tenant: 'acme',
          credentials: [{ access_key_id: 'PHOTOS1', secret_access_key: 'photos-secret' }],
        },
      ],
    });
    const keys = await resolveAccessKeys(config, [
      { accessKeyId: 'ROOT1', secretAccessKey: 'root-secret' },
    ]);
    expect(keys.get('ROOT1')?.tenant).toBe('default');
    expect(keys.get('ROOT1')?.buckets).toBeUndefined();
    expect(keys.get('ACME1')).toMatchObject({ tenant: 'acme', secretAccessKey: 'acme-secret' });
    expect([...(keys.get('PHOTOS1')?.buckets ?? [])]).toEqual(['photos']);
    expect(ownerIdOf('acme')).not.toBe(ownerIdOf('default'));
    await expect(
      resolveAccessKeys(config, [{ accessKeyId: 'ACME1', secretAccessKey: 'x'.repeat(8) }]),
    ).rejects.toThrow(/tenants\.0\.credentials\.0: access key id ACME1 is given twice/);
  });
});

describe('parseSize', () => {
  it.each([
    ['500', 500],
    ['1.5KB', 1500],
    ['20GiB', 20 * 2 ** 30],
    ['1 TB', 1e12],
    [0, 0],
  ])('%s → %d', (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it.each(['', 'ten', '5XB', '-1', -1, 1.5])('refuses %j', (text) =>
    expect(parseSize(text)).toBeUndefined(),
  );
});
