import { isS3Error } from '@strata/s3-xml';
import { describe, expect, it } from 'vitest';
import { assertValidBucketName, isValidBucketName } from './bucket-name.js';

describe('isValidBucketName', () => {
  it.each([
    'abc',
    'my-bucket',
    'my.bucket.name',
    'a1b2c3',
    '123',
    'a'.repeat(63),
    'xn-ok',
    'bucket-s3alias-no',
    'a-b.c-d',
    'a--b.c',
  ])('accepts %s', (name) => {
    expect(isValidBucketName(name)).toBe(true);
  });

  it.each([
    ['too short', 'ab'],
    ['too long', 'a'.repeat(64)],
    ['upper case', 'MyBucket'],
    ['underscore', 'my_bucket'],
    ['leading hyphen', '-bucket'],
    ['trailing hyphen', 'bucket-'],
    ['leading dot', '.bucket'],
    ['trailing dot', 'bucket.'],
    ['adjacent dots', 'my..bucket'],
    ['dot then hyphen', 'foo.-bar'],
    ['hyphen then dot', 'foo-.bar'],
    ['amzn-s3-demo- prefix', 'amzn-s3-demo-bucket'],
    ['--table-s3 suffix', 'bucket--table-s3'],
    ['IP address with one-digit groups', '1.2.3.4'],
    ['IP address', '192.168.5.4'],
    ['xn-- prefix', 'xn--bucket'],
    ['sthree- prefix', 'sthree-bucket'],
    ['-s3alias suffix', 'bucket-s3alias'],
    ['--ol-s3 suffix', 'bucket--ol-s3'],
    ['.mrap suffix', 'bucket.mrap'],
    ['--x-s3 suffix', 'bucket--x-s3'],
    ['space', 'my bucket'],
  ])('rejects %s (%s)', (_why, name) => {
    expect(isValidBucketName(name)).toBe(false);
  });

  it('assertValidBucketName throws InvalidBucketName naming the bucket', () => {
    let thrown: unknown;
    try {
      assertValidBucketName('Bad_Name');
    } catch (error) {
      thrown = error;
    }
    expect(isS3Error(thrown) && thrown.code).toBe('InvalidBucketName');
    expect(isS3Error(thrown) && thrown.extra['BucketName']).toBe('Bad_Name');
  });
});
