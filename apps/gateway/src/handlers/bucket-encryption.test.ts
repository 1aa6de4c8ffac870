import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Keyring } from '@strata/envelope';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { errorCode, md5b64, useTestGateway, type TestGateway } from '../testing/test-gateway.js';

// A bucket's default encryption as an S3 client sets and reads it (PutBucketEncryption,
// GetBucketEncryption, DeleteBucketEncryption), with S3's errors; and, on a gateway with no
// encryption keys configured, a refusal to set one. Both metastores.

const postgres = await usePostgresTestDatabase();

const config = (rule: string) =>
  `<ServerSideEncryptionConfiguration>${rule}</ServerSideEncryptionConfiguration>`;
const rule = (algorithm: string, extra = '', after = '') =>
  `<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${algorithm}</SSEAlgorithm>${extra}` +
  `</ApplyServerSideEncryptionByDefault>${after}</Rule>`;
const KMS_RULE = rule(
  'aws:kms',
  '<KMSMasterKeyID>arn:aws:kms:us-east-1:111122223333:key/k1</KMSMasterKeyID>',
  '<BucketKeyEnabled>true</BucketKeyEnabled>',
);

/** The three calls of `bucket`'s `?encryption` sub-resource on `gateway`. */
function encryptionOf(gateway: () => TestGateway, bucket: string) {
  const path = `/${bucket}`;
  const query = { encryption: '' };
  return {
    put: (body: string, headers: Record<string, string> = { 'content-md5': md5b64(body) }) =>
      gateway().send({ method: 'PUT', path, query, headers, body }),
    get: () => gateway().send({ path, query }),
    delete: () => gateway().send({ method: 'DELETE', path, query }),
  };
}

for (const dialect of TEST_DIALECTS) {
  describe(`bucket default encryption on ${dialect}`, () => {
    const keyring = new Keyring({ keys: { k1: randomBytes(32) }, current: 'k1' });
    const gateway = useTestGateway({ dialect, postgres, keyring });
    const vault = encryptionOf(gateway, 'vault');
    const createVault = async () =>
      expect((await gateway().send({ method: 'PUT', path: '/vault' })).status).toBe(200);

    it('Put/Get/DeleteBucketEncryption round-trip the rule as set; not found without one', async () => {
      await createVault();
      const none = await vault.get();
      const noneText = await none.text();
      expect(none.status).toBe(404);
      expect(noneText).toContain('<Code>ServerSideEncryptionConfigurationNotFoundError</Code>');
      expect(noneText).toContain('The server side encryption configuration was not found');
      expect(noneText).toContain('<BucketName>vault</BucketName>');

      expect((await vault.put(config(KMS_RULE))).status).toBe(200);
      const got = await vault.get();
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toContain('xml');
      expect(await got.text()).toContain(
        '<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>arn:aws:kms:us-east-1:111122223333:key/k1</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>',
      );

      // A new rule replaces the old one whole; only what was sent comes back.
      expect((await vault.put(config(rule('AES256')))).status).toBe(200);
      expect(await (await vault.get()).text()).toContain(
        '<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>',
      );

      expect((await vault.delete()).status).toBe(204);
      expect((await vault.delete()).status).toBe(204);
      const gone = await vault.get();
      expect([gone.status, await errorCode(gone)]).toEqual([
        404,
        'ServerSideEncryptionConfigurationNotFoundError',
      ]);
    });

    it("refuses bad configurations with S3's errors and keeps the rule it had", async () => {
      await createVault();
      expect((await vault.put(config(rule('aws:kms')))).status).toBe(200);
      // Dual-layer is not done: a rule promising it is refused, not stored.
      const dsse = await vault.put(config(rule('aws:kms:dsse')));
      expect([dsse.status, await errorCode(dsse)]).toEqual([501, 'NotImplemented']);
      const cases: [string, string, string][] = [
        ['<ServerSideEncryptionConfiguration>', 'MalformedXML', ''],
        [config(''), 'MalformedXML', ''],
        [config(rule('AES256') + rule('aws:kms')), 'MalformedXML', ''],
        [config(rule('SSE-KMS')), 'MalformedXML', ''],
        [config('<Rule><BucketKeyEnabled>true</BucketKeyEnabled></Rule>'), 'MalformedXML', ''],
        [
          config(rule('AES256', '<KMSMasterKeyID>k1</KMSMasterKeyID>')),
          'InvalidArgument',
          '<ArgumentName>ApplyServerSideEncryptionByDefault</ArgumentName>',
        ],
      ];
      for (const [body, code, detail] of cases) {
        const res = await vault.put(body);
        const text = await res.text();
        expect([res.status, /<Code>([^<]+)/.exec(text)?.[1]], body).toEqual([400, code]);
        expect(text).toContain(detail);
      }
      // S3 requires an integrity check on this call, and verifies it.
      const body = config(rule('AES256'));
      const unchecked = await vault.put(body, {});
      expect([unchecked.status, await errorCode(unchecked)]).toEqual([400, 'InvalidRequest']);
      const wrong = await vault.put(body, { 'content-md5': md5b64('something else') });
      expect([wrong.status, await errorCode(wrong)]).toEqual([400, 'BadDigest']);
      expect(await (await vault.get()).text()).toContain('<SSEAlgorithm>aws:kms</SSEAlgorithm>');
    });

    it('answers NoSuchBucket for a bucket that does not exist', async () => {
      const missing = encryptionOf(gateway, 'nobucket');
      for (const res of [
        await missing.get(),
        await missing.put(config(rule('AES256'))),
        await missing.delete(),
      ]) {
        expect([res.status, await errorCode(res)]).toEqual([404, 'NoSuchBucket']);
      }
    });
  });

  describe(`bucket default encryption without encryption keys on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres });
    const plain = encryptionOf(gateway, 'plain');

    it('refuses to set a rule (501) rather than claim the bucket encrypts', async () => {
      expect((await gateway().send({ method: 'PUT', path: '/plain' })).status).toBe(200);
      const res = await plain.put(config(rule('AES256')));
      const text = await res.text();
      expect([res.status, /<Code>([^<]+)/.exec(text)?.[1]]).toEqual([501, 'NotImplemented']);
      expect(text).toContain('encryption.keys');
      const none = await plain.get();
      expect([none.status, await errorCode(none)]).toEqual([
        404,
        'ServerSideEncryptionConfigurationNotFoundError',
      ]);
      expect((await plain.delete()).status).toBe(204);
    });
  });
}
