import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestGateway, encodeKey, type TestGateway } from './testing/test-gateway.js';

let gw: TestGateway;
beforeEach(async () => {
  gw = await createTestGateway();
});
afterEach(async () => {
  await gw[Symbol.asyncDispose]();
});

function md5b64(data: string | Buffer): string {
  return createHash('md5').update(data).digest('base64');
}

async function errorCode(res: Response): Promise<string | undefined> {
  return /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1];
}

async function blobFiles(): Promise<string[]> {
  const root = join(gw.dir, 'objects', 'blobs');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe('gateway edge', () => {
  it('refuses anonymous requests with an S3 error body and a request id', async () => {
    const res = await gw.send({ path: '/', unsigned: true });
    expect(res.status).toBe(403);
    const id = res.headers.get('x-amz-request-id');
    expect(id).toMatch(/^[0-9A-F]{16}$/);
    expect(res.headers.get('x-amz-id-2')).toBeTruthy();
    const body = await res.text();
    expect(body).toContain('<Code>AccessDenied</Code>');
    expect(body).toContain(`<RequestId>${id}</RequestId>`);
    expect(body).toContain('<Resource>/</Resource>');
  });

  it('answers a wrong secret with SignatureDoesNotMatch', async () => {
    const res = await gw.send({ path: '/', secret: 'wrong-secret-000000000' });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('SignatureDoesNotMatch');
  });

  it('answers unknown operations 501 NotImplemented, never 404/405', async () => {
    await gw.send({ method: 'PUT', path: '/bkt' });
    for (const [method, query] of [
      ['GET', { requestPayment: '' }],
      ['PUT', { tagging: '' }],
      ['GET', { versions: '' }],
      ['PATCH', {}],
    ] as const) {
      const res = await gw.send({ method, path: '/bkt', query });
      expect(res.status).toBe(501);
      expect(await errorCode(res)).toBe('NotImplemented');
    }
  });

  it('answers unconfigured bucket sub-resources with their not-found errors', async () => {
    await gw.send({ method: 'PUT', path: '/bkt' });
    const policy = await gw.send({ path: '/bkt', query: { policy: '' } });
    expect(policy.status).toBe(404);
    expect(await errorCode(policy)).toBe('NoSuchBucketPolicy');
    const cors = await gw.send({ path: '/bkt', query: { cors: '' } });
    expect(await errorCode(cors)).toBe('NoSuchCORSConfiguration');
    const missing = await gw.send({ path: '/nobkt', query: { lifecycle: '' } });
    expect(await errorCode(missing)).toBe('NoSuchBucket');
  });

  it('serves /health and /ready without auth', async () => {
    const health = await gw.send({ path: '/health', unsigned: true });
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await gw.send({ path: '/ready', unsigned: true });
    expect(ready.status).toBe(200);
  });
});

describe('buckets', () => {
  it('creates, lists, heads and deletes buckets with AWS errors', async () => {
    expect((await gw.send({ method: 'PUT', path: '/photos' })).status).toBe(200);
    const again = await gw.send({ method: 'PUT', path: '/photos' });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('BucketAlreadyOwnedByYou');
    const bad = await gw.send({ method: 'PUT', path: '/Bad_Name' });
    expect(bad.status).toBe(400);
    expect(await errorCode(bad)).toBe('InvalidBucketName');

    const head = await gw.send({ method: 'HEAD', path: '/photos' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-amz-bucket-region')).toBe('us-east-1');
    const missing = await gw.send({ method: 'HEAD', path: '/nope-bucket' });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('');

    const list = await (await gw.send({ path: '/' })).text();
    expect(list).toContain('<Name>photos</Name>');

    await gw.send({ method: 'PUT', path: '/photos/a.txt', body: 'x' });
    const notEmpty = await gw.send({ method: 'DELETE', path: '/photos' });
    expect(notEmpty.status).toBe(409);
    expect(await errorCode(notEmpty)).toBe('BucketNotEmpty');
    await gw.send({ method: 'DELETE', path: '/photos/a.txt' });
    expect((await gw.send({ method: 'DELETE', path: '/photos' })).status).toBe(204);
  });

  it('answers location, acl and versioning', async () => {
    await gw.send({ method: 'PUT', path: '/bk1' });
    const loc = await (await gw.send({ path: '/bk1', query: { location: '' } })).text();
    expect(loc).toMatch(
      /<LocationConstraint[^>]*\/>|<LocationConstraint[^>]*><\/LocationConstraint>/,
    );
    const acl = await (await gw.send({ path: '/bk1', query: { acl: '' } })).text();
    expect(acl).toContain('<Permission>FULL_CONTROL</Permission>');
    const ver = await (await gw.send({ path: '/bk1', query: { versioning: '' } })).text();
    expect(ver).toContain('VersioningConfiguration');
    expect(ver).not.toContain('<Status>');
  });
});

describe('objects', () => {
  beforeEach(async () => {
    await gw.send({ method: 'PUT', path: '/bkt' });
  });

  it('round-trips bytes, metadata and standard headers', async () => {
    const key = 'dir/a b+c%d&e=f~g "é😀.txt';
    const put = await gw.send({
      method: 'PUT',
      path: `/bkt/${encodeKey(key)}`,
      body: 'hello world',
      headers: {
        'content-type': 'text/plain',
        'x-amz-meta-color': 'blue',
        'cache-control': 'no-cache',
      },
    });
    expect(put.status).toBe(200);
    const etag = `"${createHash('md5').update('hello world').digest('hex')}"`;
    expect(put.headers.get('etag')).toBe(etag);
    const get = await gw.send({ path: `/bkt/${encodeKey(key)}` });
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('hello world');
    expect(get.headers.get('etag')).toBe(etag);
    expect(get.headers.get('content-type')).toBe('text/plain');
    expect(get.headers.get('x-amz-meta-color')).toBe('blue');
    expect(get.headers.get('cache-control')).toBe('no-cache');
    expect(get.headers.get('content-length')).toBe('11');
    const head = await gw.send({ method: 'HEAD', path: `/bkt/${encodeKey(key)}` });
    expect(head.headers.get('content-length')).toBe('11');
    expect(head.headers.get('etag')).toBe(etag);
  });

  it('rejects a wrong Content-MD5 with BadDigest and stores nothing', async () => {
    const res = await gw.send({
      method: 'PUT',
      path: '/bkt/k',
      body: 'payload',
      headers: { 'content-md5': md5b64('other') },
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('BadDigest');
    expect((await gw.send({ method: 'HEAD', path: '/bkt/k' })).status).toBe(404);
    expect(await blobFiles()).toEqual([]);
  });

  it('rejects a malformed Content-MD5 with InvalidDigest', async () => {
    const res = await gw.send({
      method: 'PUT',
      path: '/bkt/k',
      body: 'x',
      headers: { 'content-md5': 'nope' },
    });
    expect(await errorCode(res)).toBe('InvalidDigest');
  });

  it('rejects a body whose SHA-256 differs from the signed one', async () => {
    const res = await gw.send({
      method: 'PUT',
      path: '/bkt/k',
      body: 'payload',
      headers: { 'x-amz-content-sha256': createHash('sha256').update('other').digest('hex') },
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('XAmzContentSHA256Mismatch');
    expect(await blobFiles()).toEqual([]);
  });

  it('enforces the 2 KB user metadata limit', async () => {
    const res = await gw.send({
      method: 'PUT',
      path: '/bkt/k',
      body: 'x',
      headers: { 'x-amz-meta-big': 'v'.repeat(2100) },
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('MetadataTooLarge');
  });

  it('serves ranges and conditional reads', async () => {
    await gw.send({ method: 'PUT', path: '/bkt/r', body: '0123456789' });
    const cases: Array<[string, number, string, string | null]> = [
      ['bytes=0-3', 206, '0123', 'bytes 0-3/10'],
      ['bytes=-3', 206, '789', 'bytes 7-9/10'],
      ['bytes=8-', 206, '89', 'bytes 8-9/10'],
      ['bytes=5-100', 206, '56789', 'bytes 5-9/10'],
    ];
    for (const [range, status, body, contentRange] of cases) {
      const res = await gw.send({ path: '/bkt/r', headers: { range } });
      expect(res.status).toBe(status);
      expect(await res.text()).toBe(body);
      expect(res.headers.get('content-range')).toBe(contentRange);
    }
    const past = await gw.send({ path: '/bkt/r', headers: { range: 'bytes=10-' } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */10');
    expect(await errorCode(past)).toBe('InvalidRange');

    const etag = (await gw.send({ method: 'HEAD', path: '/bkt/r' })).headers.get('etag')!;
    expect((await gw.send({ path: '/bkt/r', headers: { 'if-none-match': etag } })).status).toBe(
      304,
    );
    expect((await gw.send({ path: '/bkt/r', headers: { 'if-match': '"nope"' } })).status).toBe(412);
    const future = new Date(Date.now() + 3600_000).toUTCString();
    expect(
      (await gw.send({ path: '/bkt/r', headers: { 'if-modified-since': future } })).status,
    ).toBe(304);
    const past2 = new Date(Date.now() - 3600_000).toUTCString();
    expect(
      (await gw.send({ path: '/bkt/r', headers: { 'if-unmodified-since': past2 } })).status,
    ).toBe(412);
  });

  it('applies response-content-* overrides', async () => {
    await gw.send({ method: 'PUT', path: '/bkt/o', body: 'x' });
    const res = await gw.send({
      path: '/bkt/o',
      query: { 'response-content-type': 'image/png', 'response-content-disposition': 'attachment' },
    });
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe('attachment');
  });

  it('makes If-None-Match: * and If-Match writes conditional', async () => {
    await gw.send({ method: 'PUT', path: '/bkt/c', body: 'v1' });
    const clash = await gw.send({
      method: 'PUT',
      path: '/bkt/c',
      body: 'v2',
      headers: { 'if-none-match': '*' },
    });
    expect(clash.status).toBe(412);
    expect(await errorCode(clash)).toBe('PreconditionFailed');
    const wrong = await gw.send({
      method: 'PUT',
      path: '/bkt/c',
      body: 'v2',
      headers: { 'if-match': '"0000"' },
    });
    expect(wrong.status).toBe(412);
    const etag = (await gw.send({ method: 'HEAD', path: '/bkt/c' })).headers.get('etag')!;
    const ok = await gw.send({
      method: 'PUT',
      path: '/bkt/c',
      body: 'v3',
      headers: { 'if-match': etag },
    });
    expect(ok.status).toBe(200);
    expect(await (await gw.send({ path: '/bkt/c' })).text()).toBe('v3');
  });

  it('answers NoSuchKey and NoSuchBucket', async () => {
    const key = await gw.send({ path: '/bkt/missing' });
    expect(key.status).toBe(404);
    expect(await errorCode(key)).toBe('NoSuchKey');
    const bucket = await gw.send({ path: '/nobucket/k' });
    expect(bucket.status).toBe(404);
    expect(await errorCode(bucket)).toBe('NoSuchBucket');
  });

  it('copies with COPY and REPLACE and refuses a no-op self copy', async () => {
    await gw.send({
      method: 'PUT',
      path: '/bkt/src',
      body: 'data',
      headers: { 'x-amz-meta-a': '1' },
    });
    const copy = await gw.send({
      method: 'PUT',
      path: '/bkt/dst',
      headers: { 'x-amz-copy-source': '/bkt/src' },
    });
    expect(copy.status).toBe(200);
    expect(await copy.text()).toContain('<CopyObjectResult');
    const dst = await gw.send({ path: '/bkt/dst' });
    expect(await dst.text()).toBe('data');
    expect(dst.headers.get('x-amz-meta-a')).toBe('1');
    const replaced = await gw.send({
      method: 'PUT',
      path: '/bkt/dst2',
      headers: {
        'x-amz-copy-source': 'bkt/src',
        'x-amz-metadata-directive': 'REPLACE',
        'x-amz-meta-b': '2',
      },
    });
    expect(replaced.status).toBe(200);
    const dst2 = await gw.send({ method: 'HEAD', path: '/bkt/dst2' });
    expect(dst2.headers.get('x-amz-meta-a')).toBeNull();
    expect(dst2.headers.get('x-amz-meta-b')).toBe('2');
    const self = await gw.send({
      method: 'PUT',
      path: '/bkt/src',
      headers: { 'x-amz-copy-source': '/bkt/src' },
    });
    expect(self.status).toBe(400);
    expect(await errorCode(self)).toBe('InvalidRequest');
  });

  it('deletes many objects, quiet and not', async () => {
    for (const k of ['a', 'b', 'c']) await gw.send({ method: 'PUT', path: `/bkt/${k}`, body: k });
    const xml = '<Delete><Object><Key>a</Key></Object><Object><Key>zz</Key></Object></Delete>';
    const res = await gw.send({
      method: 'POST',
      path: '/bkt',
      query: { delete: '' },
      body: xml,
      headers: { 'content-md5': md5b64(xml) },
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<Deleted><Key>a</Key></Deleted>');
    expect(body).toContain('<Deleted><Key>zz</Key></Deleted>');
    const quietXml = '<Delete><Quiet>true</Quiet><Object><Key>b</Key></Object></Delete>';
    const quiet = await gw.send({
      method: 'POST',
      path: '/bkt',
      query: { delete: '' },
      body: quietXml,
      headers: { 'content-md5': md5b64(quietXml) },
    });
    expect(await quiet.text()).not.toContain('<Deleted>');
    const noDigest = await gw.send({
      method: 'POST',
      path: '/bkt',
      query: { delete: '' },
      body: quietXml,
    });
    expect(noDigest.status).toBe(400);
    const list = await (await gw.send({ path: '/bkt', query: { 'list-type': '2' } })).text();
    expect(list).toContain('<Key>c</Key>');
    expect(list).not.toContain('<Key>a</Key>');
    expect(list).not.toContain('<Key>b</Key>');
  });
});

describe('listing', () => {
  beforeEach(async () => {
    await gw.send({ method: 'PUT', path: '/lst' });
    for (const k of ['a/1', 'a/2', 'b/1', 'c', 'd e', 'é'])
      await gw.send({ method: 'PUT', path: `/lst/${encodeKey(k)}`, body: k });
  });

  it('groups by delimiter and pages with continuation tokens', async () => {
    const first = await (
      await gw.send({ path: '/lst', query: { 'list-type': '2', delimiter: '/', 'max-keys': '2' } })
    ).text();
    expect(first).toContain('<CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes>');
    expect(first).toContain('<CommonPrefixes><Prefix>b/</Prefix></CommonPrefixes>');
    expect(first).toContain('<IsTruncated>true</IsTruncated>');
    expect(first).toContain('<KeyCount>2</KeyCount>');
    const token = /<NextContinuationToken>([^<]+)</.exec(first)![1]!;
    const second = await (
      await gw.send({
        path: '/lst',
        query: { 'list-type': '2', delimiter: '/', 'continuation-token': token },
      })
    ).text();
    expect([...second.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1])).toEqual([
      'c',
      'd e',
      'é',
    ]);
    expect(second).toContain('<IsTruncated>false</IsTruncated>');
    const bad = await gw.send({
      path: '/lst',
      query: { 'list-type': '2', 'continuation-token': 'garbage' },
    });
    expect(bad.status).toBe(400);
  });

  it('url-encodes keys on request and answers max-keys=0', async () => {
    const enc = await (
      await gw.send({
        path: '/lst',
        query: { 'list-type': '2', 'encoding-type': 'url', prefix: 'd' },
      })
    ).text();
    expect(enc).toContain('<Key>d%20e</Key>');
    const zero = await (
      await gw.send({ path: '/lst', query: { 'list-type': '2', 'max-keys': '0' } })
    ).text();
    expect(zero).toContain('<KeyCount>0</KeyCount>');
    expect(zero).toContain('<IsTruncated>false</IsTruncated>');
  });

  it('lists v1 with marker and NextMarker', async () => {
    const page = await (
      await gw.send({ path: '/lst', query: { delimiter: '/', 'max-keys': '1' } })
    ).text();
    expect(page).toContain('<NextMarker>a/</NextMarker>');
    const next = await (
      await gw.send({ path: '/lst', query: { delimiter: '/', marker: 'a/' } })
    ).text();
    expect(next).toContain('<Prefix>b/</Prefix>');
    expect(next).not.toContain('<Prefix>a/</Prefix>');
  });
});

describe('multipart', () => {
  it('uploads, lists and completes; a retried Complete answers the same', async () => {
    await gw.send({ method: 'PUT', path: '/mpu' });
    const init = await (
      await gw.send({ method: 'POST', path: '/mpu/big', query: { uploads: '' } })
    ).text();
    const uploadId = /<UploadId>([^<]+)</.exec(init)![1]!;
    const part1 = Buffer.alloc(5 * 1024 * 1024, 1);
    const part2 = Buffer.from('tail');
    const etags: string[] = [];
    for (const [n, body] of [
      [1, part1],
      [2, part2],
    ] as const) {
      const res = await gw.send({
        method: 'PUT',
        path: '/mpu/big',
        query: { partNumber: String(n), uploadId },
        body,
      });
      expect(res.status).toBe(200);
      etags.push(res.headers.get('etag')!);
    }
    const parts = await (await gw.send({ path: '/mpu/big', query: { uploadId } })).text();
    expect(parts).toContain('<PartNumber>2</PartNumber>');
    const uploads = await (await gw.send({ path: '/mpu', query: { uploads: '' } })).text();
    expect(uploads).toContain(`<UploadId>${uploadId}</UploadId>`);

    const xml = `<CompleteMultipartUpload>${etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
    const done = await gw.send({
      method: 'POST',
      path: '/mpu/big',
      query: { uploadId },
      body: xml,
    });
    expect(done.status).toBe(200);
    const doneBody = await done.text();
    const md5s = Buffer.concat(etags.map((e) => Buffer.from(e.replace(/"/g, ''), 'hex')));
    const expected = `${createHash('md5').update(md5s).digest('hex')}-2`;
    expect(doneBody).toContain(`<ETag>&quot;${expected}&quot;</ETag>`);
    const retry = await gw.send({
      method: 'POST',
      path: '/mpu/big',
      query: { uploadId },
      body: xml,
    });
    expect(retry.status).toBe(200);
    expect(await retry.text()).toContain(expected);

    const get = await gw.send({ path: '/mpu/big' });
    const bytes = Buffer.from(await get.arrayBuffer());
    expect(bytes.length).toBe(part1.length + part2.length);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      createHash('sha256')
        .update(Buffer.concat([part1, part2]))
        .digest('hex'),
    );
    const p2 = await gw.send({ path: '/mpu/big', query: { partNumber: '2' } });
    expect(p2.status).toBe(206);
    expect(await p2.text()).toBe('tail');
    expect(p2.headers.get('x-amz-mp-parts-count')).toBe('2');
  });

  it('rejects bad part lists and unknown uploads', async () => {
    await gw.send({ method: 'PUT', path: '/mpu2' });
    const init = await (
      await gw.send({ method: 'POST', path: '/mpu2/k', query: { uploads: '' } })
    ).text();
    const uploadId = /<UploadId>([^<]+)</.exec(init)![1]!;
    const small = await gw.send({
      method: 'PUT',
      path: '/mpu2/k',
      query: { partNumber: '1', uploadId },
      body: 'a',
    });
    const e1 = small.headers.get('etag')!;
    const e2 = (
      await gw.send({
        method: 'PUT',
        path: '/mpu2/k',
        query: { partNumber: '2', uploadId },
        body: 'b',
      })
    ).headers.get('etag')!;
    const tooSmall = await gw.send({
      method: 'POST',
      path: '/mpu2/k',
      query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${e1}</ETag></Part><Part><PartNumber>2</PartNumber><ETag>${e2}</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(await errorCode(tooSmall)).toBe('EntityTooSmall');
    const order = await gw.send({
      method: 'POST',
      path: '/mpu2/k',
      query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>${e2}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>${e1}</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(await errorCode(order)).toBe('InvalidPartOrder');
    const wrongPart = await gw.send({
      method: 'POST',
      path: '/mpu2/k',
      query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"00000000000000000000000000000000"</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(await errorCode(wrongPart)).toBe('InvalidPart');
    const otherKey = await gw.send({
      method: 'PUT',
      path: '/mpu2/other',
      query: { partNumber: '1', uploadId },
      body: 'a',
    });
    expect(await errorCode(otherKey)).toBe('NoSuchUpload');
    const badNumber = await gw.send({
      method: 'PUT',
      path: '/mpu2/k',
      query: { partNumber: '10001', uploadId },
      body: 'a',
    });
    expect(await errorCode(badNumber)).toBe('InvalidArgument');
    expect((await gw.send({ method: 'DELETE', path: '/mpu2/k', query: { uploadId } })).status).toBe(
      204,
    );
    const gone = await gw.send({ method: 'DELETE', path: '/mpu2/k', query: { uploadId } });
    expect(gone.status).toBe(404);
    expect(await errorCode(gone)).toBe('NoSuchUpload');
  });
});
