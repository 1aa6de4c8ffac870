import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createChecksum } from '@strata/sigv4-verify';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { errorCode, md5b64, useTestGateway } from '../testing/test-gateway.js';

// DeleteObjects carries an integrity check of its XML body (S3 requires one). A check that does
// not match the body is 400 BadDigest and deletes nothing; a check that cannot be verified is
// refused rather than taken on trust. Every form of the check, on both metastores.

const postgres = await usePostgresTestDatabase();

const XML = '<Delete><Object><Key>a</Key></Object><Object><Key>b</Key></Object></Delete>';
const OTHER = '<Delete><Object><Key>c</Key></Object></Delete>';

/** Base64 digest of `data` with one of the decoder's algorithms (CRC32, SHA256…). */
function checksum(algorithm: 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256', data: string) {
  const sum = createChecksum(algorithm);
  sum.update(Buffer.from(data));
  return sum.digest();
}

const b64 = (hash: string, data: string) => createHash(hash).update(data).digest('base64');

/** An aws-chunked body with one data chunk and a checksum trailer (unsigned trailer mode). */
function trailerRequest(name: string, value: string) {
  const body = `${Buffer.byteLength(XML).toString(16)}\r\n${XML}\r\n0\r\n${name}:${value}\r\n\r\n`;
  return {
    body,
    headers: {
      'content-encoding': 'aws-chunked',
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-decoded-content-length': String(Buffer.byteLength(XML)),
      'x-amz-trailer': name,
      'x-amz-sdk-checksum-algorithm': name.slice('x-amz-checksum-'.length).toUpperCase(),
    },
  };
}

/** Each checksum form, with a value of another body: headers, and the body when not `XML`. */
const MISMATCHES: Record<string, { headers: Record<string, string>; body?: string }> = {
  'Content-MD5': { headers: { 'content-md5': md5b64(OTHER) } },
  'x-amz-checksum-crc32': { headers: { 'x-amz-checksum-crc32': checksum('CRC32', OTHER) } },
  'x-amz-checksum-crc32 with x-amz-sdk-checksum-algorithm': {
    headers: {
      'x-amz-checksum-crc32': checksum('CRC32', OTHER),
      'x-amz-sdk-checksum-algorithm': 'CRC32',
    },
  },
  'x-amz-checksum-crc32c': { headers: { 'x-amz-checksum-crc32c': checksum('CRC32C', OTHER) } },
  'x-amz-checksum-crc64nvme': {
    headers: { 'x-amz-checksum-crc64nvme': checksum('CRC64NVME', OTHER) },
  },
  'x-amz-checksum-sha1': { headers: { 'x-amz-checksum-sha1': checksum('SHA1', OTHER) } },
  'x-amz-checksum-sha256': { headers: { 'x-amz-checksum-sha256': checksum('SHA256', OTHER) } },
  'x-amz-checksum-md5': { headers: { 'x-amz-checksum-md5': b64('md5', OTHER) } },
  'x-amz-checksum-sha512': { headers: { 'x-amz-checksum-sha512': b64('sha512', OTHER) } },
  'x-amz-checksum-crc32 (beside a matching Content-MD5)': {
    headers: { 'content-md5': md5b64(XML), 'x-amz-checksum-crc32': checksum('CRC32', OTHER) },
  },
  'trailing x-amz-checksum-crc32 (aws-chunked)': trailerRequest(
    'x-amz-checksum-crc32',
    checksum('CRC32', OTHER),
  ),
};

for (const dialect of TEST_DIALECTS) {
  describe(`DeleteObjects integrity checks on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres });

    async function putKeys(): Promise<void> {
      expect((await gateway().send({ method: 'PUT', path: '/bkt' })).status).toBe(200);
      for (const key of ['a', 'b']) {
        const put = await gateway().send({ method: 'PUT', path: `/bkt/${key}`, body: key });
        expect(put.status).toBe(200);
      }
    }

    function deleteObjects(headers: Record<string, string>, body = XML) {
      return gateway().send({ method: 'POST', path: '/bkt', query: { delete: '' }, headers, body });
    }

    async function expectKept(): Promise<void> {
      for (const key of ['a', 'b']) {
        expect((await gateway().send({ method: 'HEAD', path: `/bkt/${key}` })).status).toBe(200);
      }
    }

    for (const [form, request] of Object.entries(MISMATCHES)) {
      it(`${form} not matching the body: 400 BadDigest, nothing deleted`, async () => {
        await putKeys();
        const res = await deleteObjects(request.headers, request.body);
        expect(res.status).toBe(400);
        expect(await errorCode(res)).toBe('BadDigest');
        await expectKept();
      });
    }

    it.each([
      ['x-amz-checksum-md5', b64('md5', XML)],
      ['x-amz-checksum-sha512', b64('sha512', XML)],
      ['x-amz-checksum-crc64nvme', checksum('CRC64NVME', XML)],
    ])('a matching %s deletes the keys', async (name, value) => {
      await putKeys();
      const res = await deleteObjects({ [name]: value });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<Deleted><Key>b</Key></Deleted>');
      expect((await gateway().send({ method: 'HEAD', path: '/bkt/a' })).status).toBe(404);
    });

    it.each([
      ['x-amz-checksum-xxhash64', 'AAAAAAAAAAA='],
      // Not an algorithm at all (and a name every object has as a property).
      ['x-amz-checksum-constructor', 'AAAAAA=='],
    ])(
      '%s, a checksum the gateway cannot compute: 501 NotImplemented, nothing deleted',
      async (name, value) => {
        await putKeys();
        const res = await deleteObjects({ [name]: value });
        expect(res.status).toBe(501);
        expect(await errorCode(res)).toBe('NotImplemented');
        await expectKept();
      },
    );

    it.each([
      ['x-amz-checksum-type', 'FULL_OBJECT'],
      ['x-amz-checksum-mode', 'ENABLED'],
    ])('%s is no integrity check: 400 InvalidRequest, nothing deleted', async (name, value) => {
      await putKeys();
      const res = await deleteObjects({ [name]: value });
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('InvalidRequest');
      await expectKept();
    });

    it('a malformed x-amz-checksum-md5 value: 400 InvalidRequest, nothing deleted', async () => {
      await putKeys();
      const res = await deleteObjects({ 'x-amz-checksum-md5': 'not-a-digest' });
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('InvalidRequest');
      await expectKept();
    });
  });
}
