/**
 * Hostile bodies: every operation that takes a body, with a body that does not match what the
 * request claims. Each gets its S3 error and stores nothing; the process stays up (the suite
 * checks after every case) and, at the end, nothing is left behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { expect, it } from 'vitest';
import {
  codeOf,
  rawExchange,
  requestHead,
  signedChunkedBody,
  unsignedTrailerBody,
  type HostileGateway,
} from './support/hostile-gateway.js';
import { BUCKET, describeHostile } from './support/hostile-suite.js';

const MiB = 1024 * 1024;
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const md5b64 = (data: Buffer | string) => createHash('md5').update(data).digest('base64');
const crc32b64 = (data: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data) >>> 0);
  return out.toString('base64');
};

/** HEAD says 404: the refused key was never committed. */
async function expectAbsent(gw: HostileGateway, path: string): Promise<void> {
  const head = await gw.send(await gw.sign({ method: 'HEAD', path }));
  expect(head.status).toBe(404);
}

/** Starts a multipart upload; resolves with its id. */
async function createUpload(gw: HostileGateway, path: string): Promise<string> {
  const res = await gw.send(await gw.sign({ method: 'POST', path, query: { uploads: '' } }));
  expect(res.status).toBe(200);
  return /<UploadId>([^<]+)<\/UploadId>/.exec(res.body)?.[1] ?? '';
}

async function abortUpload(gw: HostileGateway, path: string, uploadId: string): Promise<void> {
  const res = await gw.send(await gw.sign({ method: 'DELETE', path, query: { uploadId } }));
  expect(res.status).toBe(204);
}

const DELETE_XML = `<Delete><Object><Key>a</Key></Object></Delete>`;

describeHostile('hostile bodies', (gateway) => {
  const path = `/${BUCKET}/refused`;
  const data = randomBytes(70_000);

  it('PutObject: body is not its x-amz-content-sha256 → 400 XAmzContentSHA256Mismatch', async () => {
    const gw = gateway();
    const signed = await gw.sign({
      method: 'PUT',
      path,
      headers: { 'x-amz-content-sha256': sha256('other'), 'content-length': String(data.length) },
    });
    const res = await gw.send(signed, data);
    expect([res.status, codeOf(res)]).toEqual([400, 'XAmzContentSHA256Mismatch']);
    await expectAbsent(gw, path);
  });

  it('PutObject: wrong x-amz-checksum-crc32 → 400 BadDigest', async () => {
    const gw = gateway();
    const signed = await gw.sign({
      method: 'PUT',
      path,
      body: data,
      headers: { 'x-amz-checksum-crc32': crc32b64(Buffer.from('other')) },
    });
    const res = await gw.send(signed, data);
    expect([res.status, codeOf(res)]).toEqual([400, 'BadDigest']);
    await expectAbsent(gw, path);
  });

  it('PutObject: wrong Content-MD5 → 400 BadDigest; malformed → 400 InvalidDigest', async () => {
    const gw = gateway();
    const wrong = await gw.sign({
      method: 'PUT',
      path,
      body: data,
      headers: { 'content-md5': md5b64('other') },
    });
    const res = await gw.send(wrong, data);
    expect([res.status, codeOf(res)]).toEqual([400, 'BadDigest']);
    const malformed = await gw.sign({
      method: 'PUT',
      path,
      body: data,
      headers: { 'content-md5': 'not-an-md5' },
    });
    const res2 = await gw.send(malformed, data);
    expect([res2.status, codeOf(res2)]).toEqual([400, 'InvalidDigest']);
    await expectAbsent(gw, path);
  });

  it('UploadPart mismatch, then a malformed CompleteMultipartUpload', async () => {
    const gw = gateway();
    const uploadId = await createUpload(gw, path);
    const part = await gw.sign({
      method: 'PUT',
      path,
      query: { partNumber: '1', uploadId },
      headers: { 'x-amz-content-sha256': sha256('other'), 'content-length': String(data.length) },
    });
    const res = await gw.send(part, data);
    expect([res.status, codeOf(res)]).toEqual([400, 'XAmzContentSHA256Mismatch']);
    const xml = Buffer.from('<CompleteMultipartUpload><Part><PartNumber>1');
    const complete = await gw.sign({ method: 'POST', path, query: { uploadId }, body: xml });
    const res2 = await gw.send(complete, xml);
    expect([res2.status, codeOf(res2)]).toEqual([400, 'MalformedXML']);
    await abortUpload(gw, path, uploadId);
    await expectAbsent(gw, path);
  });

  it('CompleteMultipartUpload whose body is not its SHA-256 → 400', async () => {
    const gw = gateway();
    const uploadId = await createUpload(gw, path);
    const xml = Buffer.from('<CompleteMultipartUpload></CompleteMultipartUpload>');
    const complete = await gw.sign({
      method: 'POST',
      path,
      query: { uploadId },
      headers: { 'x-amz-content-sha256': sha256('other'), 'content-length': String(xml.length) },
    });
    const res = await gw.send(complete, xml);
    expect([res.status, codeOf(res)]).toEqual([400, 'XAmzContentSHA256Mismatch']);
    await abortUpload(gw, path, uploadId);
    await expectAbsent(gw, path);
  });

  it('DeleteObjects: SHA-256 mismatch → 400 and nothing deleted; wrong Content-MD5 → BadDigest', async () => {
    const gw = gateway();
    expect(await gw.put(`/${BUCKET}/a`, Buffer.from('keep me'))).toBe(200);
    const xml = Buffer.from(DELETE_XML);
    const bad = await gw.sign({
      method: 'POST',
      path: `/${BUCKET}`,
      query: { delete: '' },
      headers: {
        'x-amz-content-sha256': sha256('other'),
        'content-md5': md5b64(xml),
        'content-length': String(xml.length),
      },
    });
    const res = await gw.send(bad, xml);
    expect([res.status, codeOf(res)]).toEqual([400, 'XAmzContentSHA256Mismatch']);
    const wrongMd5 = await gw.sign({
      method: 'POST',
      path: `/${BUCKET}`,
      query: { delete: '' },
      body: xml,
      headers: { 'content-md5': md5b64('other') },
    });
    const res2 = await gw.send(wrongMd5, xml);
    expect([res2.status, codeOf(res2)]).toEqual([400, 'BadDigest']);
    expect((await gw.get(`/${BUCKET}/a`)).body).toBe('keep me');
    // Clean up properly, so the final accounting sees only what the suite keeps.
    const good = await gw.sign({
      method: 'POST',
      path: `/${BUCKET}`,
      query: { delete: '' },
      body: xml,
      headers: { 'content-md5': md5b64(xml) },
    });
    expect((await gw.send(good, xml)).status).toBe(200);
  });

  it('CreateBucket: configuration body is not its SHA-256 → 400, no bucket', async () => {
    const gw = gateway();
    const xml = Buffer.from(
      '<CreateBucketConfiguration><LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>',
    );
    const signed = await gw.sign({
      method: 'PUT',
      path: '/hostile-new',
      headers: { 'x-amz-content-sha256': sha256('other'), 'content-length': String(xml.length) },
    });
    const res = await gw.send(signed, xml);
    expect([res.status, codeOf(res)]).toEqual([400, 'XAmzContentSHA256Mismatch']);
    const head = await gw.send(await gw.sign({ method: 'HEAD', path: '/hostile-new' }));
    expect(head.status).toBe(404);
  });

  const chunkedHeaders = (length: number) => ({
    'content-encoding': 'aws-chunked',
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'x-amz-decoded-content-length': String(length),
  });

  it('aws-chunked: a bad chunk signature → 403 SignatureDoesNotMatch', async () => {
    const gw = gateway();
    const signed = await gw.sign({ method: 'PUT', path, headers: chunkedHeaders(data.length) });
    const body = signedChunkedBody([data.subarray(0, 65_536), data.subarray(65_536)], signed);
    body[100] = body[100]! ^ 0x01;
    const res = await gw.send({ ...signed, headers: { ...signed.headers } }, body);
    expect([res.status, codeOf(res)]).toEqual([403, 'SignatureDoesNotMatch']);
    await expectAbsent(gw, path);
  });

  it('aws-chunked: a chunk shorter than its declared length → 400 IncompleteBody', async () => {
    const gw = gateway();
    const signed = await gw.sign({ method: 'PUT', path, headers: chunkedHeaders(data.length) });
    const body = signedChunkedBody([data], signed);
    // Declare the chunk one byte longer than it is: the framing no longer adds up.
    const lying = Buffer.concat([
      Buffer.from((data.length + 1).toString(16)),
      body.subarray(data.length.toString(16).length),
    ]);
    const res = await gw.send(
      { ...signed, headers: { ...signed.headers, 'content-length': String(lying.length) } },
      lying,
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await expectAbsent(gw, path);
  });

  it('aws-chunked: a body cut before its final chunk, connection closed → nothing stored', async () => {
    const gw = gateway();
    const signed = await gw.sign({ method: 'PUT', path, headers: chunkedHeaders(data.length) });
    const body = signedChunkedBody([data.subarray(0, 65_536), data.subarray(65_536)], signed);
    const cut = body.subarray(0, body.length - 300);
    const outcome = await rawExchange(gw.port, {
      steps: [
        requestHead({
          ...signed,
          headers: { ...signed.headers, 'content-length': String(body.length) },
        }),
        cut,
        () => new Promise((resolve) => setTimeout(resolve, 200)),
      ],
      reset: true,
    });
    expect(outcome.status).toBeUndefined();
    await expectAbsent(gw, path);
  });

  it('trailer: a wrong CRC32 trailer → 400 BadDigest; a missing one → 400', async () => {
    const gw = gateway();
    const headers = {
      'content-encoding': 'aws-chunked',
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-decoded-content-length': String(data.length),
      'x-amz-trailer': 'x-amz-checksum-crc32',
      'x-amz-sdk-checksum-algorithm': 'CRC32',
    };
    const wrong = unsignedTrailerBody(data, crc32b64(Buffer.from('other')));
    const signed = await gw.sign({
      method: 'PUT',
      path,
      headers: { ...headers, 'content-length': String(wrong.length) },
    });
    const res = await gw.send(signed, wrong);
    expect([res.status, codeOf(res)]).toEqual([400, 'BadDigest']);
    const missing = unsignedTrailerBody(data, undefined);
    const signed2 = await gw.sign({
      method: 'PUT',
      path,
      headers: { ...headers, 'content-length': String(missing.length) },
    });
    const res2 = await gw.send(signed2, missing);
    expect(res2.status).toBe(400);
    await expectAbsent(gw, path);
  });

  it('Content-Length shorter than the body: the extra bytes are not a second request', async () => {
    const gw = gateway();
    const body = Buffer.from('0123456789abcdefghij');
    const signed = await gw.sign({
      method: 'PUT',
      path,
      body,
      headers: { 'content-length': '10' },
    });
    const outcome = await rawExchange(gw.port, { steps: [requestHead(signed), body] });
    // What follows the first 10 bytes is garbage to the HTTP parser: 400 and the connection
    // closed (possibly before the first request's own answer); the 10 bytes are not what was
    // signed either way.
    expect(outcome.status).toBe(400);
    expect(outcome.closedByServer).toBe(true);
    await expectAbsent(gw, path);
  });

  it('Content-Length longer than the body, then the client stops sending → nothing stored', async () => {
    const gw = gateway();
    const signed = await gw.sign({
      method: 'PUT',
      path,
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': String(4 * MiB) },
    });
    const outcome = await rawExchange(gw.port, {
      steps: [requestHead(signed), randomBytes(100_000)],
      // The body pace check ends this: 1 s windows, 1 KiB/s minimum.
      waitMs: 10_000,
    });
    expect(outcome.status).toBe(400);
    expect(outcome.text).toContain('<Code>RequestTimeout</Code>');
    expect(outcome.closedByServer).toBe(true);
    await expectAbsent(gw, path);
  });
});
