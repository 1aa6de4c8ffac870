import { describe, expect, it } from 'vitest';
import {
  SSE_ALGORITHMS,
  parseServerSideEncryptionConfiguration,
} from './parse-server-side-encryption-configuration.js';
import { serializeServerSideEncryptionConfiguration } from './serialize-server-side-encryption-configuration.js';
import { expectS3Error } from './testing/expect-s3-error.js';

const config = (rule: string) =>
  `<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${rule}</ServerSideEncryptionConfiguration>`;
const byDefault = (inner: string, after = '') =>
  `<Rule><ApplyServerSideEncryptionByDefault>${inner}</ApplyServerSideEncryptionByDefault>${after}</Rule>`;

describe('parseServerSideEncryptionConfiguration / serializeServerSideEncryptionConfiguration', () => {
  it('reads the algorithm, the KMS key id and BucketKeyEnabled, and writes them back', () => {
    const xml = config(
      byDefault(
        '<SSEAlgorithm> aws:kms </SSEAlgorithm><KMSMasterKeyID>arn:aws:kms:us-east-1:1:key/k1</KMSMasterKeyID>',
        '<BucketKeyEnabled>true</BucketKeyEnabled>',
      ),
    );
    const rule = parseServerSideEncryptionConfiguration(xml);
    expect(rule).toEqual({
      sseAlgorithm: 'aws:kms',
      kmsMasterKeyId: 'arn:aws:kms:us-east-1:1:key/k1',
      bucketKeyEnabled: true,
    });
    expect(serializeServerSideEncryptionConfiguration(rule)).toContain(
      '<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>arn:aws:kms:us-east-1:1:key/k1</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule>',
    );
    expect(
      parseServerSideEncryptionConfiguration(serializeServerSideEncryptionConfiguration(rule)),
    ).toEqual(rule);
  });

  it('takes every algorithm S3 does; absent elements stay absent both ways', () => {
    for (const sseAlgorithm of SSE_ALGORITHMS) {
      const rule = parseServerSideEncryptionConfiguration(
        config(byDefault(`<SSEAlgorithm>${sseAlgorithm}</SSEAlgorithm>`)),
      );
      expect(rule).toEqual({ sseAlgorithm });
      const xml = serializeServerSideEncryptionConfiguration(rule);
      expect(xml).not.toContain('KMSMasterKeyID');
      expect(xml).not.toContain('BucketKeyEnabled');
    }
    expect(
      parseServerSideEncryptionConfiguration(
        config(
          byDefault(
            '<SSEAlgorithm>AES256</SSEAlgorithm>',
            '<BucketKeyEnabled>false</BucketKeyEnabled>',
          ),
        ),
      ),
    ).toEqual({ sseAlgorithm: 'AES256', bucketKeyEnabled: false });
  });

  it.each([
    ['not XML', 'encryption'],
    ['another root', '<Encryption><Rule/></Encryption>'],
    ['no rule', config('')],
    [
      'two rules',
      config(
        byDefault('<SSEAlgorithm>AES256</SSEAlgorithm>') +
          byDefault('<SSEAlgorithm>aws:kms</SSEAlgorithm>'),
      ),
    ],
    [
      'a rule without ApplyServerSideEncryptionByDefault',
      config('<Rule><BucketKeyEnabled>true</BucketKeyEnabled></Rule>'),
    ],
    ['no SSEAlgorithm', config(byDefault('<KMSMasterKeyID>k1</KMSMasterKeyID>'))],
    ['an unknown algorithm', config(byDefault('<SSEAlgorithm>SSE-KMS</SSEAlgorithm>'))],
    ['an algorithm in the wrong case', config(byDefault('<SSEAlgorithm>aes256</SSEAlgorithm>'))],
    [
      'two SSEAlgorithms',
      config(byDefault('<SSEAlgorithm>AES256</SSEAlgorithm><SSEAlgorithm>AES256</SSEAlgorithm>')),
    ],
    [
      'a BucketKeyEnabled that is not a boolean',
      config(
        byDefault(
          '<SSEAlgorithm>AES256</SSEAlgorithm>',
          '<BucketKeyEnabled>yes</BucketKeyEnabled>',
        ),
      ),
    ],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expectS3Error(() => parseServerSideEncryptionConfiguration(xml), 'MalformedXML');
  });
});
