import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { Sha256, encodeAwsChunks, signingContextOf } from '@strata/sigv4-verify/testing';
import {
  blobFiles,
  errorCode,
  TEST_KEY,
  useTestGateway,
  type TestGateway,
} from '../testing/test-gateway.js';

// Every refusal of an upload, provoked through the real app on both metastores: the S3 error
// code, then proof that nothing was stored (HEAD answers 404, and no blob file is left on the
// backend). On PostgreSQL the store sits behind a latency proxy, so the body fails while the
// handler awaits the database: the window in which an unlistened stream error crashed the
// process (the setup's guard fails any test that lets one escape).

const postgres = await usePostgresTestDatabase();
let gateway: () => TestGateway = () => {
  throw new Error('no gateway outside a dialect block');
};
const REGION = 'us-east-1';

const signer = new SignatureV4({
  service: 's3',
  region: REGION,
  credentials: TEST_KEY,
  sha256: Sha256,
  uriEscapePath: false,
  applyChecksum: false,
});

interface Signed {
  headers: Record<string, string>;
  query: Record<string, string>;
  /** What the first chunk signature chains from. */
  seedSignature: string;
  datetime: string;
}

/** Sign a request as the AWS SDK would, at `date` (header auth, or a presigned URL). */
async function sign(
  method: string,
  path: string,
  headers: Record<string, string>,
  options: { date?: Date; presignExpiresIn?: number; query?: Record<string, string> } = {},
): Promise<Signed> {
  const request = new HttpRequest({
    method,
    protocol: 'http:',
    hostname: 'localhost',
    port: 9000,
    path,
    query: options.query ?? {},
    headers: { host: 'localhost:9000', ...headers },
  });
  const signingDate = options.date ?? new Date();
  const signed =
    options.presignExpiresIn === undefined
      ? await signer.sign(request, { signingDate })
      : await signer.presign(request, { signingDate, expiresIn: options.presignExpiresIn });
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.query ?? {})) {
    if (options.query?.[k] === undefined) query[k] = String(v ?? '');
  }
  const auth = signed.headers.authorization ?? '';
  return {
    headers: signed.headers,
    query,
    seedSignature: /Signature=([0-9a-f]{64})/.exec(auth)?.[1] ?? query['X-Amz-Signature'] ?? '',
    datetime: signed.headers['x-amz-date'] ?? query['X-Amz-Date'] ?? '',
  };
}

/**
 * A `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` body (AWS "Signature calculations for the
 * Authorization header: transferring payload in multiple chunks"): each chunk signed in chain
 * from the request's signature, then the signed final zero-size chunk.
 */
function signedChunkedBody(chunks: readonly Buffer[], signed: Signed): Buffer {
  const credentials = { secretAccessKey: TEST_KEY.secretAccessKey, region: REGION };
  return encodeAwsChunks(chunks, { signing: signingContextOf(signed, credentials) });
}

/** A `STREAMING-UNSIGNED-PAYLOAD-TRAILER` body as the AWS SDK v3 sends it, CRC32 trailer. */
function unsignedTrailerBody(data: Buffer, crc32Base64: string): Buffer {
  return encodeAwsChunks([data], { trailers: [['x-amz-checksum-crc32', crc32Base64]] });
}

function crc32Base64(data: Buffer): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data) >>> 0);
  return out.toString('base64');
}

const chunked = (length: number, mode: string) => ({
  'content-encoding': 'aws-chunked',
  'x-amz-content-sha256': mode,
  'x-amz-decoded-content-length': String(length),
});

/** Send an already signed request (the test gateway adds only Host and Content-Length). */
function sendSigned(
  method: string,
  path: string,
  signed: Signed,
  body?: Buffer,
): Promise<Response> {
  return gateway().send({
    method,
    path,
    headers: signed.headers,
    query: signed.query,
    unsigned: true,
    ...(body !== undefined ? { body } : {}),
  });
}

/** The key was never stored: HEAD is 404 and the backend holds no blob file. */
async function expectNothingStored(path: string): Promise<void> {
  expect((await gateway().send({ method: 'HEAD', path })).status).toBe(404);
  expect(await blobFiles(gateway())).toEqual([]);
}

for (const dialect of TEST_DIALECTS) {
  describe(`on ${dialect}`, () => {
    const gw = useTestGateway({ dialect, postgres });
    beforeEach(() => {
      gateway = gw;
    });
    describe('PUT Object refusals leave nothing behind', () => {
      const path = '/bkt/refused';
      const data = Buffer.alloc(70_000, 'x');
      const part = [data.subarray(0, 65_536), data.subarray(65_536)];

      beforeEach(async () => {
        expect((await gateway().send({ method: 'PUT', path: '/bkt' })).status).toBe(200);
      });

      it('stores a correctly signed aws-chunked body (the baseline the refusals below break)', async () => {
        const mode = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
        const signed = await sign('PUT', path, chunked(data.length, mode));
        const res = await sendSigned('PUT', path, signed, signedChunkedBody(part, signed));
        expect(res.status).toBe(200);
        const get = await gateway().send({ path });
        expect(Buffer.from(await get.arrayBuffer()).equals(data)).toBe(true);
      });

      it('a corrupted byte in a signed aws-chunked chunk: SignatureDoesNotMatch', async () => {
        const mode = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
        const signed = await sign('PUT', path, chunked(data.length, mode));
        const body = signedChunkedBody(part, signed);
        // A data byte of the second chunk, well past its header line.
        const at = body.indexOf('\r\n', 65_536 + 90) + 10;
        body[at] = body[at]! ^ 0x01;
        const res = await sendSigned('PUT', path, signed, body);
        expect(res.status).toBe(403);
        expect(await errorCode(res)).toBe('SignatureDoesNotMatch');
        await expectNothingStored(path);
      });

      it('a wrong x-amz-decoded-content-length: IncompleteBody', async () => {
        const mode = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
        const signed = await sign('PUT', path, chunked(data.length + 1, mode));
        const res = await sendSigned('PUT', path, signed, signedChunkedBody(part, signed));
        expect(res.status).toBe(400);
        expect(await errorCode(res)).toBe('IncompleteBody');
        await expectNothingStored(path);
      });

      it('a truncated aws-chunked body: IncompleteBody', async () => {
        const mode = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
        const signed = await sign('PUT', path, chunked(data.length, mode));
        const body = signedChunkedBody(part, signed);
        // Cut inside the second chunk's data: the final chunk never arrives.
        const res = await sendSigned('PUT', path, signed, body.subarray(0, body.length - 200));
        expect(res.status).toBe(400);
        expect(await errorCode(res)).toBe('IncompleteBody');
        await expectNothingStored(path);
      });

      it('a trailer CRC32 that does not match the data: BadDigest', async () => {
        const mode = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
        const signed = await sign('PUT', path, {
          ...chunked(data.length, mode),
          'x-amz-trailer': 'x-amz-checksum-crc32',
          'x-amz-sdk-checksum-algorithm': 'CRC32',
        });
        const wrong = crc32Base64(Buffer.from('other data'));
        const res = await sendSigned('PUT', path, signed, unsignedTrailerBody(data, wrong));
        expect(res.status).toBe(400);
        expect(await errorCode(res)).toBe('BadDigest');
        await expectNothingStored(path);
        // The same upload with the right CRC32 is stored: the refusal was the checksum's.
        const good = await sign('PUT', path, {
          ...chunked(data.length, mode),
          'x-amz-trailer': 'x-amz-checksum-crc32',
          'x-amz-sdk-checksum-algorithm': 'CRC32',
        });
        const ok = await sendSigned(
          'PUT',
          path,
          good,
          unsignedTrailerBody(data, crc32Base64(data)),
        );
        expect(ok.status).toBe(200);
      });

      it('a body whose SHA-256 is not the signed x-amz-content-sha256: XAmzContentSHA256Mismatch', async () => {
        const claimed = createHash('sha256').update('something else').digest('hex');
        const signed = await sign('PUT', path, { 'x-amz-content-sha256': claimed });
        const res = await sendSigned('PUT', path, signed, data);
        expect(res.status).toBe(400);
        expect(await errorCode(res)).toBe('XAmzContentSHA256Mismatch');
        await expectNothingStored(path);
      });

      it('a request signed 16 minutes ago: RequestTimeTooSkewed', async () => {
        const sha = createHash('sha256').update(data).digest('hex');
        const signed = await sign(
          'PUT',
          path,
          { 'x-amz-content-sha256': sha },
          { date: new Date(Date.now() - 16 * 60_000) },
        );
        const res = await sendSigned('PUT', path, signed, data);
        expect(res.status).toBe(403);
        expect(await errorCode(res)).toBe('RequestTimeTooSkewed');
        await expectNothingStored(path);
      });

      it('an expired presigned PUT: AccessDenied', async () => {
        // Valid for 60 s, signed two minutes ago.
        const signed = await sign(
          'PUT',
          path,
          {},
          { date: new Date(Date.now() - 120_000), presignExpiresIn: 60 },
        );
        expect(signed.query['X-Amz-Expires']).toBe('60');
        const res = await sendSigned('PUT', path, signed, data);
        expect(res.status).toBe(403);
        expect(await errorCode(res.clone())).toBe('AccessDenied');
        expect(await res.text()).toContain('Request has expired');
        await expectNothingStored(path);
      });

      it('an x-amz-checksum-crc32 header that does not match: BadDigest', async () => {
        const sha = createHash('sha256').update(data).digest('hex');
        const signed = await sign('PUT', path, {
          'x-amz-content-sha256': sha,
          'x-amz-checksum-crc32': crc32Base64(Buffer.from('other data')),
        });
        const res = await sendSigned('PUT', path, signed, data);
        expect(res.status).toBe(400);
        expect(await errorCode(res)).toBe('BadDigest');
        await expectNothingStored(path);
      });

      it('UploadPart whose body is not its x-amz-content-sha256, then a malformed Complete', async () => {
        const created = await gateway().send({ method: 'POST', path, query: { uploads: '' } });
        const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await created.text())?.[1] ?? '';
        const query = { partNumber: '1', uploadId };
        const claimed = createHash('sha256').update('something else').digest('hex');
        const signed = await sign('PUT', path, { 'x-amz-content-sha256': claimed }, { query });
        const part = await gateway().send({
          method: 'PUT',
          path,
          query,
          headers: signed.headers,
          unsigned: true,
          body: data,
        });
        expect(part.status).toBe(400);
        expect(await errorCode(part)).toBe('XAmzContentSHA256Mismatch');
        const complete = await gateway().send({
          method: 'POST',
          path,
          query: { uploadId },
          body: '<CompleteMultipartUpload><Part>',
        });
        expect(complete.status).toBe(400);
        expect(await errorCode(complete)).toBe('MalformedXML');
        await expectNothingStored(path);
      });
    });
  });
}
