import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Keyring } from '@strata/envelope';
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

// Server-side encryption through the gateway. A request for encryption is either stored
// encrypted (with the keyring configured) or refused before a byte is stored: a client that asked
// for encryption and got a 200 must never find plain text on a backend. Malformed headers get
// S3's error and status; each refusal is checked for what is left: no object, no blob.

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
  describe(`server-side encryption headers without keys on ${dialect}`, () => {
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

    it('refuses SSE-S3 and SSE-KMS without encryption keys: 501 NotImplemented naming the header', async () => {
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

    it('checks an SSE-C key as S3 does, before storing anything', async () => {
      const cases: [Record<string, string>, number, string, string][] = [
        [
          { ...SSE_C, 'x-amz-server-side-encryption-customer-algorithm': 'AES128' },
          400,
          'InvalidEncryptionAlgorithmError',
          'The valid value is AES256',
        ],
        [
          {
            ...SSE_C,
            'x-amz-server-side-encryption-customer-key-md5': createHash('md5')
              .update('other')
              .digest('base64'),
          },
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
          {
            'x-amz-server-side-encryption': 'aws:kms',
            'x-amz-server-side-encryption-context': Buffer.from('[1]').toString('base64'),
          },
          400,
          'InvalidArgument',
          'string-string map',
        ],
        [
          {
            'x-amz-server-side-encryption': 'aws:kms',
            'x-amz-server-side-encryption-bucket-key-enabled': 'maybe',
          },
          400,
          'InvalidArgument',
          'bucket-key-enabled',
        ],
      ];
      for (const [headers, status, code, detail] of cases) {
        await expectRefused(gateway(), put(headers, OVER_TLS), status, code, detail);
      }
      await expectNothingStored(gateway(), '/bkt/secret.txt');
    });

    it('refuses encryption on CreateMultipartUpload without keys and leaves no upload', async () => {
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

    it('answers a customer key for a plain object 400, for a missing one 404, and a method on a read 400', async () => {
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
      const copy = await gateway().send({
        method: 'PUT',
        path: '/bkt/copy.txt',
        headers: { 'x-amz-copy-source': '/bkt/plain.txt', ...COPY_SOURCE_SSE_C },
        ...OVER_TLS,
      });
      expect(copy.status).toBe(400);
      expect(await errorCode(copy)).toBe('InvalidRequest');
      const plain = await gateway().send({ path: '/bkt/plain.txt' });
      expect(await plain.text()).toBe('plain');
    });
  });

  describe(`server-side encryption with a keyring on ${dialect}`, () => {
    const gateway = useTestGateway({
      dialect,
      postgres,
      trustProxy: true,
      keyring: new Keyring({ keys: { k1: randomBytes(32), k2: randomBytes(32) }, current: 'k1' }),
    });
    const MARKER = 'plain text that must not be stored';
    const body = MARKER.repeat(3000);

    beforeEach(async () => {
      expect((await gateway().send({ method: 'PUT', path: '/bkt' })).status).toBe(200);
    });

    /** No blob holds the marker (or `secret`, a key that must never be stored). */
    async function expectNoPlaintextStored(gw: TestGateway, secret?: Buffer): Promise<void> {
      const root = join(gw.dir, 'objects', 'blobs');
      const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) =>
        e.isFile(),
      );
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const bytes = await readFile(join(file.parentPath, file.name));
        expect(bytes.includes(Buffer.from(MARKER))).toBe(false);
        if (secret) expect(bytes.includes(secret)).toBe(false);
      }
    }

    it('SSE-S3: stored encrypted, echoed on PUT, GET and HEAD, the ETag the MD5', async () => {
      const res = await gateway().send({
        method: 'PUT',
        path: '/bkt/s3.txt',
        body,
        headers: { 'x-amz-server-side-encryption': 'AES256' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-amz-server-side-encryption')).toBe('AES256');
      expect(res.headers.get('etag')).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
      await expectNoPlaintextStored(gateway());
      const got = await gateway().send({
        path: '/bkt/s3.txt',
        headers: { range: 'bytes=5-70004' },
      });
      expect(got.status).toBe(206);
      expect(got.headers.get('x-amz-server-side-encryption')).toBe('AES256');
      expect(got.headers.get('content-range')).toBe(`bytes 5-70004/${body.length}`);
      expect(await got.text()).toBe(body.slice(5, 70005));
      const head = await gateway().send({ method: 'HEAD', path: '/bkt/s3.txt' });
      expect(head.headers.get('content-length')).toBe(String(body.length));
      expect(head.headers.get('x-amz-server-side-encryption')).toBe('AES256');
    });

    it('SSE-KMS: the named key, context and bucket-key flag are kept and echoed', async () => {
      const context = Buffer.from(JSON.stringify({ team: 'data' })).toString('base64');
      const res = await gateway().send({
        method: 'PUT',
        path: '/bkt/kms.txt',
        body,
        headers: {
          'x-amz-server-side-encryption': 'aws:kms',
          'x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:1:key/k2',
          'x-amz-server-side-encryption-context': context,
          'x-amz-server-side-encryption-bucket-key-enabled': 'true',
        },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-amz-server-side-encryption')).toBe('aws:kms');
      expect(res.headers.get('x-amz-server-side-encryption-aws-kms-key-id')).toBe(
        'arn:aws:kms:us-east-1:1:key/k2',
      );
      expect(res.headers.get('x-amz-server-side-encryption-context')).toBe(context);
      expect(res.headers.get('x-amz-server-side-encryption-bucket-key-enabled')).toBe('true');
      const head = await gateway().send({ method: 'HEAD', path: '/bkt/kms.txt' });
      expect(head.headers.get('x-amz-server-side-encryption-aws-kms-key-id')).toBe(
        'arn:aws:kms:us-east-1:1:key/k2',
      );
      await expectNoPlaintextStored(gateway());
      const unknown = await gateway().send({
        method: 'PUT',
        path: '/bkt/kms2.txt',
        body,
        headers: {
          'x-amz-server-side-encryption': 'aws:kms',
          'x-amz-server-side-encryption-aws-kms-key-id': 'nope',
        },
      });
      expect(unknown.status).toBe(400);
      expect(await errorCode(unknown)).toBe('KMS.NotFoundException');
    });

    it('SSE-C: the key is needed on every read, a wrong one is 403, and it is never stored', async () => {
      const res = await gateway().send({
        method: 'PUT',
        path: '/bkt/secret.txt',
        body,
        headers: SSE_C,
        ...OVER_TLS,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-amz-server-side-encryption-customer-algorithm')).toBe('AES256');
      expect(res.headers.get('x-amz-server-side-encryption-customer-key-md5')).toBe(
        SSE_C['x-amz-server-side-encryption-customer-key-md5'],
      );
      await expectNoPlaintextStored(gateway());
      const without = await gateway().send({ path: '/bkt/secret.txt' });
      expect(without.status).toBe(400);
      expect(await errorCode(without)).toBe('InvalidRequest');
      const other = randomBytes(32);
      const wrong = await gateway().send({
        path: '/bkt/secret.txt',
        headers: {
          ...SSE_C,
          'x-amz-server-side-encryption-customer-key': other.toString('base64'),
          'x-amz-server-side-encryption-customer-key-md5': createHash('md5')
            .update(other)
            .digest('base64'),
        },
        ...OVER_TLS,
      });
      expect(wrong.status).toBe(403);
      expect(await errorCode(wrong)).toBe('AccessDenied');
      const right = await gateway().send({
        path: '/bkt/secret.txt',
        headers: { ...SSE_C, range: 'bytes=-100' },
        ...OVER_TLS,
      });
      expect(right.status).toBe(206);
      expect(right.headers.get('x-amz-server-side-encryption-customer-key-md5')).toBe(
        SSE_C['x-amz-server-side-encryption-customer-key-md5'],
      );
      expect(await right.text()).toBe(body.slice(-100));
      // Copied to SSE-S3 with the source's key.
      const copy = await gateway().send({
        method: 'PUT',
        path: '/bkt/copied.txt',
        headers: {
          'x-amz-copy-source': '/bkt/secret.txt',
          'x-amz-server-side-encryption': 'AES256',
          ...COPY_SOURCE_SSE_C,
        },
        ...OVER_TLS,
      });
      expect(copy.status).toBe(200);
      expect(copy.headers.get('x-amz-server-side-encryption')).toBe('AES256');
      expect(await (await gateway().send({ path: '/bkt/copied.txt' })).text()).toBe(body);
      await expectNoPlaintextStored(gateway(), customerKey);
    });

    it('multipart with SSE-C: every part needs the key; the object reads as one', async () => {
      const create = await gateway().send({
        method: 'POST',
        path: '/bkt/mp.bin',
        query: { uploads: '' },
        headers: SSE_C,
        ...OVER_TLS,
      });
      expect(create.status).toBe(200);
      expect(create.headers.get('x-amz-server-side-encryption-customer-algorithm')).toBe('AES256');
      const uploadId = /<UploadId>([^<]+)</.exec(await create.text())![1]!;
      const part = { method: 'PUT', path: '/bkt/mp.bin', body: 'part one' };
      const refused = await gateway().send({ ...part, query: { uploadId, partNumber: '1' } });
      expect(refused.status).toBe(400);
      expect(await errorCode(refused)).toBe('InvalidRequest');
      const ok = await gateway().send({
        ...part,
        query: { uploadId, partNumber: '1' },
        headers: SSE_C,
        ...OVER_TLS,
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-amz-server-side-encryption-customer-key-md5')).toBe(
        SSE_C['x-amz-server-side-encryption-customer-key-md5'],
      );
      const complete = await gateway().send({
        method: 'POST',
        path: '/bkt/mp.bin',
        query: { uploadId },
        body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${ok.headers.get('etag')}</ETag></Part></CompleteMultipartUpload>`,
      });
      expect(complete.status).toBe(200);
      expect(complete.headers.get('x-amz-server-side-encryption-customer-algorithm')).toBe(
        'AES256',
      );
      const got = await gateway().send({ path: '/bkt/mp.bin', headers: SSE_C, ...OVER_TLS });
      expect(await got.text()).toBe('part one');
    });

    it('a bucket default encrypts writes that ask for nothing', async () => {
      await gateway().store.buckets.setEncryption('bkt', { algorithm: 'AES256' });
      const res = await gateway().send({ method: 'PUT', path: '/bkt/default.txt', body });
      expect(res.headers.get('x-amz-server-side-encryption')).toBe('AES256');
      await expectNoPlaintextStored(gateway());
    });

    it('encrypts a browser form upload that asks for it', async () => {
      const now = new Date();
      const fields: [string, string][] = [
        ['key', 'form.txt'],
        ['x-amz-server-side-encryption', 'AES256'],
        ...signPolicy(
          [{ bucket: 'bkt' }, { key: 'form.txt' }, { 'x-amz-server-side-encryption': 'AES256' }],
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
        body: buildForm({ fields, file: { data: Buffer.from(body) } }),
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('x-amz-server-side-encryption')).toBe('AES256');
      await expectNoPlaintextStored(gateway());
      expect(await (await gateway().send({ path: '/bkt/form.txt' })).text()).toBe(body);
    });
  });
}
