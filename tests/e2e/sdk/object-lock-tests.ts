import { expect, it } from 'vitest';
import { catchS3Error, uniqueBucketName } from '../support/s3-client.js';
import type { SdkEnv } from './sdk-env.js';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectLockConfigurationCommand,
  PutObjectRetentionCommand,
} from '../support/aws-sdk.js';

const DAY = 86_400_000;

/** A retain-until date `days` from now, to the second (S3 keeps no finer precision on the wire). */
function inDays(days: number): Date {
  return new Date(Math.floor((Date.now() + days * DAY) / 1000) * 1000);
}

/**
 * Object Lock as the SDK drives it: a bucket created with lock, default retention, retention
 * and legal hold per version, and deletes the lock refuses (a version with COMPLIANCE retention
 * outlives every test bucket; nothing cleans these buckets up, as on S3).
 */
export function defineObjectLockTests(env: () => SdkEnv): void {
  async function lockedBucket(): Promise<string> {
    const { client, checksums } = env();
    const Bucket = uniqueBucketName(`lock-${checksums === 'WHEN_REQUIRED' ? 'r' : 's'}`);
    await client.send(new CreateBucketCommand({ Bucket, ObjectLockEnabledForBucket: true }));
    return Bucket;
  }

  it('locks a version: it cannot be deleted by id, a delete only hides it behind a marker', async () => {
    const { client } = env();
    const Bucket = await lockedBucket();
    expect((await client.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');
    expect(
      (await client.send(new GetObjectLockConfigurationCommand({ Bucket })))
        .ObjectLockConfiguration,
    ).toEqual({ ObjectLockEnabled: 'Enabled' });
    expect(
      await catchS3Error(
        client.send(
          new PutBucketVersioningCommand({
            Bucket,
            VersioningConfiguration: { Status: 'Suspended' },
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidBucketState', status: 409 });

    const until = inDays(2);
    const put = await client.send(
      new PutObjectCommand({
        Bucket,
        Key: 'ledger',
        Body: 'entries',
        ChecksumAlgorithm: 'CRC32',
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: until,
        ObjectLockLegalHoldStatus: 'ON',
      }),
    );
    const head = await client.send(new HeadObjectCommand({ Bucket, Key: 'ledger' }));
    expect(head).toMatchObject({
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: until,
      ObjectLockLegalHoldStatus: 'ON',
    });
    const VersionId = put.VersionId;
    expect(
      await catchS3Error(
        client.send(new DeleteObjectCommand({ Bucket, Key: 'ledger', VersionId })),
      ),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });
    await client.send(
      new PutObjectLegalHoldCommand({ Bucket, Key: 'ledger', LegalHold: { Status: 'OFF' } }),
    );
    expect(
      (await client.send(new GetObjectLegalHoldCommand({ Bucket, Key: 'ledger' }))).LegalHold,
    ).toEqual({ Status: 'OFF' });
    // COMPLIANCE: no bypass, no shortening.
    expect(
      await catchS3Error(
        client.send(
          new DeleteObjectCommand({
            Bucket,
            Key: 'ledger',
            VersionId,
            BypassGovernanceRetention: true,
          }),
        ),
      ),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(
      await catchS3Error(
        client.send(
          new PutObjectRetentionCommand({
            Bucket,
            Key: 'ledger',
            Retention: { Mode: 'COMPLIANCE', RetainUntilDate: inDays(1) },
          }),
        ),
      ),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });
    const deleted = await client.send(new DeleteObjectCommand({ Bucket, Key: 'ledger' }));
    expect(deleted.DeleteMarker).toBe(true);
    const kept = await client.send(new GetObjectCommand({ Bucket, Key: 'ledger', VersionId }));
    expect(await kept.Body?.transformToString()).toBe('entries');
    const listed = await client.send(new ListObjectVersionsCommand({ Bucket }));
    expect(listed.Versions?.map((v) => v.VersionId)).toEqual([VersionId]);
  });

  it('applies the default retention and lets GOVERNANCE be bypassed', async () => {
    const { client } = env();
    const Bucket = await lockedBucket();
    await client.send(
      new PutObjectLockConfigurationCommand({
        Bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
        },
      }),
    );
    expect(
      (await client.send(new GetObjectLockConfigurationCommand({ Bucket })))
        .ObjectLockConfiguration,
    ).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
    });
    const before = Date.now();
    const put = await client.send(
      new PutObjectCommand({ Bucket, Key: 'report', Body: 'q3', ChecksumAlgorithm: 'CRC32' }),
    );
    const { Retention } = await client.send(
      new GetObjectRetentionCommand({ Bucket, Key: 'report', VersionId: put.VersionId }),
    );
    expect(Retention?.Mode).toBe('GOVERNANCE');
    const until = Retention?.RetainUntilDate?.getTime() ?? 0;
    expect(until).toBeGreaterThanOrEqual(before + DAY - 1000);
    expect(until).toBeLessThanOrEqual(Date.now() + DAY + 1000);

    const Key = 'report';
    const VersionId = put.VersionId;
    const refused = await client.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key, VersionId }] } }),
    );
    expect(refused.Errors?.map((e) => e.Code)).toEqual(['AccessDenied']);
    expect(
      await catchS3Error(
        client.send(
          new PutObjectRetentionCommand({
            Bucket,
            Key,
            Retention: { Mode: 'GOVERNANCE', RetainUntilDate: inDays(0.5) },
          }),
        ),
      ),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });
    await client.send(
      new PutObjectRetentionCommand({
        Bucket,
        Key,
        Retention: { Mode: 'GOVERNANCE', RetainUntilDate: inDays(0.5) },
        BypassGovernanceRetention: true,
      }),
    );
    const removed = await client.send(
      new DeleteObjectCommand({ Bucket, Key, VersionId, BypassGovernanceRetention: true }),
    );
    expect(removed.VersionId).toBe(VersionId);
    expect((await client.send(new ListObjectVersionsCommand({ Bucket }))).Versions).toBeUndefined();
  });

  it('answers lock calls on a bucket without Object Lock with the S3 errors', async () => {
    const { client } = env();
    const Bucket = await env().newBucket();
    await client.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' }));
    expect(
      await catchS3Error(client.send(new GetObjectLockConfigurationCommand({ Bucket }))),
    ).toMatchObject({ name: 'ObjectLockConfigurationNotFoundError', status: 404 });
    expect(
      await catchS3Error(client.send(new GetObjectRetentionCommand({ Bucket, Key: 'k' }))),
    ).toMatchObject({ name: 'InvalidRequest', status: 400 });
    expect(
      await catchS3Error(
        client.send(
          new PutObjectCommand({
            Bucket,
            Key: 'k',
            Body: 'x',
            ChecksumAlgorithm: 'CRC32',
            ObjectLockMode: 'GOVERNANCE',
            ObjectLockRetainUntilDate: inDays(1),
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidRequest', status: 400 });
    expect(
      await catchS3Error(
        client.send(
          new PutObjectLockConfigurationCommand({
            Bucket,
            ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' },
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidBucketState', status: 409 });
  });
}
