import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFsBackend } from '@strata/backend-pool';
import { Keyring } from '@strata/envelope';
import {
  TEST_DIALECTS,
  openTestStore,
  usePostgresTestDatabase,
  type TestDialect,
} from '@strata/metastore-core/testing';
import { createObjectLayer } from './object-layer.js';

const postgres = await usePostgresTestDatabase();

/** A layer over a fresh store of `dialect` and an fs backend; with a keyring unless told not to. */
async function openLayer(dialect: TestDialect, options: { keyring: boolean }) {
  const dir = await mkdtemp(join(tmpdir(), 'strata-ol-enc-'));
  const meta = await openTestStore(dialect, { dir, postgres });
  const fs = createFsBackend({ name: 'disk', root: join(dir, 'disk'), fsync: false });
  const keyring = options.keyring
    ? new Keyring({ keys: { k1: randomBytes(32) }, current: 'k1' })
    : undefined;
  const layer = createObjectLayer({
    store: meta.store,
    backends: [fs],
    region: 'us-east-1',
    keyring,
  });
  return {
    layer,
    store: meta.store,
    async [Symbol.asyncDispose]() {
      await meta.close();
      await fs.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe.each(TEST_DIALECTS)('bucket default encryption (%s)', (dialect) => {
  it('Put/Get/DeleteBucketEncryption keep exactly the rule given; not found without one', async () => {
    await using h = await openLayer(dialect, { keyring: true });
    await h.layer.createBucket({ name: 'vault', owner: 'alice' });
    await expect(h.layer.getBucketEncryption('vault')).rejects.toMatchObject({
      code: 'ServerSideEncryptionConfigurationNotFoundError',
      status: 404,
    });
    await h.layer.putBucketEncryption('vault', {
      sseAlgorithm: 'aws:kms',
      kmsMasterKeyId: 'arn:aws:kms:us-east-1:1:key/k1',
      bucketKeyEnabled: true,
    });
    expect(await h.layer.getBucketEncryption('vault')).toEqual({
      algorithm: 'aws:kms',
      kmsKeyId: 'arn:aws:kms:us-east-1:1:key/k1',
      bucketKeyEnabled: true,
    });
    // A new rule replaces the old one whole: nothing of the KMS rule is left behind.
    await h.layer.putBucketEncryption('vault', { sseAlgorithm: 'AES256' });
    expect(await h.layer.getBucketEncryption('vault')).toEqual({ algorithm: 'AES256' });
    expect((await h.store.buckets.get('vault'))?.encryption).toEqual({ algorithm: 'AES256' });
    await h.layer.deleteBucketEncryption('vault');
    await h.layer.deleteBucketEncryption('vault');
    await expect(h.layer.getBucketEncryption('vault')).rejects.toMatchObject({
      code: 'ServerSideEncryptionConfigurationNotFoundError',
    });
  });

  it('refuses a KMS key with AES256, and a missing bucket, changing nothing', async () => {
    await using h = await openLayer(dialect, { keyring: true });
    await h.layer.createBucket({ name: 'vault', owner: 'alice' });
    await h.layer.putBucketEncryption('vault', { sseAlgorithm: 'aws:kms' });
    await expect(
      h.layer.putBucketEncryption('vault', { sseAlgorithm: 'AES256', kmsMasterKeyId: 'k1' }),
    ).rejects.toMatchObject({
      code: 'InvalidArgument',
      status: 400,
      message: expect.stringContaining('KMSMasterKeyID is not applicable') as unknown,
    });
    expect(await h.layer.getBucketEncryption('vault')).toEqual({ algorithm: 'aws:kms' });
    for (const call of [
      () => h.layer.getBucketEncryption('nope'),
      () => h.layer.putBucketEncryption('nope', { sseAlgorithm: 'AES256' }),
      () => h.layer.deleteBucketEncryption('nope'),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'NoSuchBucket', status: 404 });
    }
  });

  it('without a keyring refuses to set a rule (501), so no bucket claims to encrypt', async () => {
    await using h = await openLayer(dialect, { keyring: false });
    await h.layer.createBucket({ name: 'plain', owner: 'alice' });
    await expect(
      h.layer.putBucketEncryption('plain', { sseAlgorithm: 'AES256' }),
    ).rejects.toMatchObject({
      code: 'NotImplemented',
      status: 501,
      message: expect.stringContaining('encryption.keys') as unknown,
    });
    expect((await h.store.buckets.get('plain'))?.encryption).toBeUndefined();
    await h.layer.deleteBucketEncryption('plain');
    await expect(h.layer.getBucketEncryption('plain')).rejects.toMatchObject({
      code: 'ServerSideEncryptionConfigurationNotFoundError',
    });
  });
});
