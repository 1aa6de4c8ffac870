import { createHash, randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { BOUNDARY, buildForm, signPolicy } from '@strata/sigv4-verify/testing';
import {
  blobFiles,
  errorCode,
  TEST_KEY,
  useTestGateway,
  type TestGateway,
  type TestRequest,
} from '../../testing/test-gateway.js';

// Strata stores no object encrypted yet, so every request for server-side encryption must be
// refused before a byte is stored: a client that asked for encryption and got a 200 would
// believe plain text on a third-party backend to be encrypted. Each refusal is checked for its
// S3 status and code and for what is left: no object, no blob on the backend.

const postgres = await usePostgresTestDatabase();

const customerKey = randomBytes(32);
const SSE_C = {
  'x-amz-server-side-encryption-customer-algorithm': 'AES256',
  'x-amz-server-side-encryption-customer-key': customerKey.toString('base64'),
  'x-amz-server-side-encryption-customer-key-md5': createHash('md5')
    .update(customerKey)
    .digest('base64'),
};
const COPY_SOURCE_SSE_C = Object.fromEntries(
  Object.entries(SSE_C).map(([name, value]) => [
    name.replace('x-amz-', 'x-amz-copy-source-'),
    value,
  ]),
);
/** What a TLS-terminating proxy in front of the gateway adds (the test gateway trusts it). */
const OVER_TLS = { unsignedHeaders: { 'x-forwarded-proto': 'https' } };

async function expectRefused(
  gw: TestGateway,
  request: TestRequest,
  status: number,
  code: string,
  detail?: string,
): Promise<void> {
  const res = await gw.send(request);
  const body = await res.text();
  expect(res.status, body).toBe(status);
  expect(/<Code>([^<]+)<\/Code>/.exec(body)?.[1]).toBe(code);
  if (detail !== undefined) expect(body).toContain(detail);
  // The key is a secret: no answer ever echoes it.
  expect(body).not.toContain(SSE_C['x-amz-server-side-encryption-customer-key']);
}

async function expectNothingStored(gw: TestGateway, path: string): Promise<void> {
  expect((await gw.send({ method: 'HEAD', path })).status).toBe(404);
  expect(await blobFiles(gw)).toEqual([]);
}

for (const dialect of TEST_DIALECTS) {
  describe(`server-side encryption headers on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres, trustProxy: true });
    const put = (headers: Record<string, string>, extra: Partial<TestRequest> = {}) => ({
      method: 'PUT',
      path: '/bkt/secret.txt',
      body: 'plain text that must not be stored',
      headers,
      ...extra,
    });

    beforeEach(async () => {
      expect((await gateway().send({ method: 'PUT', path: '/bkt' })).status).toBe(200);
    });

    it('refuses SSE-S3 and SSE-KMS on PutObject with 501 NotImplemented naming the header', async () => {
      for (const method of ['AES256', 'aws:kms', 'aws:kms:dsse']) {
        await expectRefused(
          gateway(),
          put({ 'x-amz-server-side-encryption': method }),
          501,
          'NotImplemented',
          '<Header>x-amz-server-side-encryption</Header>',
        );
      }
      await expectNothingStored(gateway(), '/bkt/secret.txt');
    });

    it('refuses a method S3 does not know with 400 InvalidArgument', async () => {
      await expectRefused(
        gateway(),
        put({ 'x-amz-server-side-encryption': 'AES128' }),
        400,
        'InvalidArgument',
        '<ArgumentValue>AES128</ArgumentValue>',
      );
      await expectRefused(
        gateway(),
        put({
          'x-amz-server-side-encryption': 'AES256',
          'x-amz-server-side-encryption-aws-kms-key-id': 'key-1',
        }),
        400,
        'InvalidArgument',
        '<ArgumentName>x-amz-server-side-encryption-aws-kms-key-id</ArgumentName>',
      );
      await expectNothingStored(gateway(), '/bkt/secret.txt');
    });

    it('refuses SSE-C over plain HTTP before looking at the key', async () => {
      await expectRefused(
        gateway(),
        put(SSE_C),
        400,
        'InvalidRequest',
        'must be made over a secure connection',
      );
      await expectNothingStored(gateway(), '/bkt/secret.txt');
    });

    it('checks an SSE-C key as S3 does, then refuses it with 501', async () => {
      const cases: [Record<string, string>, number, string, string][] = [
        [
          { ...SSE_C, 'x-amz-server-side-encryption-customer-algorithm': 'AES128' },
          400,
          'InvalidEncryptionAlgorithmError',
          'The valid value is AES256',
        ],
        [
          { ...SSE_C, 'x-amz-server-side-encryption-customer-key-md5': 'AAAA' },
          400,
          'InvalidArgument',
          'did not match the hash that was provided',
        ],
        [
          {
            ...SSE_C,
            'x-amz-server-side-encryption-customer-key': randomBytes(16).toString('base64'),
          },
          400,
          'InvalidArgument',
          'The secret key was invalid for the specified algorithm',
        ],
        [
          { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' },
          400,
          'InvalidArgument',
          'must provide an appropriate secret key',
        ],
        [
          { ...SSE_C, 'x-amz-server-side-encryption': 'AES256' },
          400,
          'InvalidArgument',
          'incompatible with the encryption method specified',
        ],
        [
          SSE_C,
          501,
          'NotImplemented',
          '<Header>x-amz-server-side-encryption-customer-algorithm</Header>',
        ],
      ];
      for (const [headers, status, code, detail] of cases) {
        await expectRefused(gateway(), put(headers, OVER_TLS), status, code, detail);
      }
      await expectNothingStored(gateway(), '/bkt/secret.txt');
    });

    it('refuses encryption on CreateMultipartUpload and leaves no upload', async () => {
      await expectRefused(
        gateway(),
        {
          method: 'POST',
          path: '/bkt/secret.txt',
          query: { uploads: '' },
          headers: { 'x-amz-server-side-encryption': 'aws:kms' },
        },
        501,
        'NotImplemented',
      );
      const uploads = await gateway().send({ path: '/bkt', query: { uploads: '' } });
      expect(await uploads.text()).not.toContain('<Upload>');
    });

    it('refuses encryption on a copy destination, and a customer key for a plain source', async () => {
      await gateway().send({ method: 'PUT', path: '/bkt/plain.txt', body: 'plain' });
      const copy = (headers: Record<string, string>) => ({
        method: 'PUT',
        path: '/bkt/secret.txt',
        headers: { 'x-amz-copy-source': '/bkt/plain.txt', ...headers },
        ...OVER_TLS,
      });
      await expectRefused(
        gateway(),
        copy({ 'x-amz-server-side-encryption': 'AES256' }),
        501,
        'NotImplemented',
      );
      await expectRefused(
        gateway(),
        copy(COPY_SOURCE_SSE_C),
        400,
        'InvalidRequest',
        'not applicable to this object',
      );
      expect((await gateway().send({ method: 'HEAD', path: '/bkt/secret.txt' })).status).toBe(404);
      expect(await blobFiles(gateway())).toHaveLength(1);
    });

    it('refuses a customer key on an upload part and keeps the upload usable', async () => {
      const create = await gateway().send({
        method: 'POST',
        path: '/bkt/mp.bin',
        query: { uploads: '' },
      });
      const uploadId = /<UploadId>([^<]+)</.exec(await create.text())![1]!;
      const part = { method: 'PUT', path: '/bkt/mp.bin', body: 'part one' };
      await expectRefused(
        gateway(),
        { ...part, query: { uploadId, partNumber: '1' }, headers: SSE_C, ...OVER_TLS },
        400,
        'InvalidRequest',
        'not applicable to this object',
      );
      const list = await gateway().send({ path: '/bkt/mp.bin', query: { uploadId } });
      expect(await list.text()).not.toContain('<Part>');
      const retry = await gateway().send({ ...part, query: { uploadId, partNumber: '1' } });
      expect(retry.status).toBe(200);
    });

    it('answers a read with a customer key 400 for a stored object and 404 for a missing one', async () => {
      await gateway().send({ method: 'PUT', path: '/bkt/plain.txt', body: 'plain' });
      for (const method of ['GET', 'HEAD']) {
        const read = { method, path: '/bkt/plain.txt', headers: SSE_C, ...OVER_TLS };
        const res = await gateway().send(read);
        expect(res.status).toBe(400);
        const body = await res.text();
        if (method === 'GET') expect(body).toContain('<Code>InvalidRequest</Code>');
        const missing = await gateway().send({ ...read, path: '/bkt/missing.txt' });
        expect(missing.status).toBe(404);
      }
      await expectRefused(
        gateway(),
        { path: '/bkt/plain.txt', headers: { 'x-amz-server-side-encryption': 'AES256' } },
        400,
        'InvalidArgument',
        'not supported for this operation',
      );
      const plain = await gateway().send({ path: '/bkt/plain.txt' });
      expect(await plain.text()).toBe('plain');
    });

    it('refuses the encryption fields of a browser form upload', async () => {
      const now = new Date();
      const fields: [string, string][] = [
        ['key', 'secret.txt'],
        ['x-amz-server-side-encryption', 'AES256'],
        ...signPolicy(
          [{ bucket: 'bkt' }, { key: 'secret.txt' }, { 'x-amz-server-side-encryption': 'AES256' }],
          {
            expiration: new Date(now.getTime() + 600_000),
            date: now,
            accessKeyId: TEST_KEY.accessKeyId,
            secret: TEST_KEY.secretAccessKey,
          },
        ),
      ];
      const res = await gateway().send({
        method: 'POST',
        path: '/bkt',
        unsigned: true,
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        body: buildForm({ fields, file: { data: Buffer.from('plain text') } }),
      });
      expect(res.status).toBe(501);
      expect(await errorCode(res)).toBe('NotImplemented');
      await expectNothingStored(gateway(), '/bkt/secret.txt');
    });
  });
}
