import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  blobFiles,
  encodeKey,
  errorCode,
  md5b64,
  useTestGateway,
} from '../testing/test-gateway.js';

const gateway = useTestGateway();

describe('objects', () => {
  beforeEach(async () => {
    await gateway().send({ method: 'PUT', path: '/bkt' });
  });

  it('round-trips bytes, metadata and standard headers', async () => {
    const key = 'dir/a b+c%d&e=f~g "é😀.txt';
    const put = await gateway().send({
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
    const get = await gateway().send({ path: `/bkt/${encodeKey(key)}` });
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('hello world');
    expect(get.headers.get('etag')).toBe(etag);
    expect(get.headers.get('content-type')).toBe('text/plain');
    expect(get.headers.get('x-amz-meta-color')).toBe('blue');
    expect(get.headers.get('cache-control')).toBe('no-cache');
    expect(get.headers.get('content-length')).toBe('11');
    const head = await gateway().send({ method: 'HEAD', path: `/bkt/${encodeKey(key)}` });
    expect(head.headers.get('content-length')).toBe('11');
    expect(head.headers.get('etag')).toBe(etag);
  });

  it('rejects a wrong Content-MD5 with BadDigest and stores nothing', async () => {
    const res = await gateway().send({
      method: 'PUT',
      path: '/bkt/k',
      body: 'payload',
      headers: { 'content-md5': md5b64('other') },
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('BadDigest');
    expect((await gateway().send({ method: 'HEAD', path: '/bkt/k' })).status).toBe(404);
    expect(await blobFiles(gateway())).toEqual([]);
  });

  it('rejects a malformed Content-MD5 with InvalidDigest', async () => {
    const res = await gateway().send({
      method: 'PUT',
      path: '/bkt/k',
      body: 'x',
      headers: { 'content-md5': 'nope' },
    });
    expect(await errorCode(res)).toBe('InvalidDigest');
  });

  it('rejects a body whose SHA-256 differs from the signed one', async () => {
    const res = await gateway().send({
      method: 'PUT',
      path: '/bkt/k',
      body: 'payload',
      headers: { 'x-amz-content-sha256': createHash('sha256').update('other').digest('hex') },
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('XAmzContentSHA256Mismatch');
    expect(await blobFiles(gateway())).toEqual([]);
  });

  it('enforces the 2 KB user metadata limit', async () => {
    const res = await gateway().send({
      method: 'PUT',
      path: '/bkt/k',
      body: 'x',
      headers: { 'x-amz-meta-big': 'v'.repeat(2100) },
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('MetadataTooLarge');
  });

  it('serves ranges and conditional reads', async () => {
    await gateway().send({ method: 'PUT', path: '/bkt/r', body: '0123456789' });
    const cases: Array<[string, number, string, string | null]> = [
      ['bytes=0-3', 206, '0123', 'bytes 0-3/10'],
      ['bytes=-3', 206, '789', 'bytes 7-9/10'],
      ['bytes=8-', 206, '89', 'bytes 8-9/10'],
      ['bytes=5-100', 206, '56789', 'bytes 5-9/10'],
    ];
    for (const [range, status, body, contentRange] of cases) {
      const res = await gateway().send({ path: '/bkt/r', headers: { range } });
      expect(res.status).toBe(status);
      expect(await res.text()).toBe(body);
      expect(res.headers.get('content-range')).toBe(contentRange);
    }
    const past = await gateway().send({ path: '/bkt/r', headers: { range: 'bytes=10-' } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */10');
    expect(await errorCode(past)).toBe('InvalidRange');

    const etag = (await gateway().send({ method: 'HEAD', path: '/bkt/r' })).headers.get('etag')!;
    expect(
      (await gateway().send({ path: '/bkt/r', headers: { 'if-none-match': etag } })).status,
    ).toBe(304);
    expect(
      (await gateway().send({ path: '/bkt/r', headers: { 'if-match': '"nope"' } })).status,
    ).toBe(412);
    const future = new Date(Date.now() + 3600_000).toUTCString();
    expect(
      (await gateway().send({ path: '/bkt/r', headers: { 'if-modified-since': future } })).status,
    ).toBe(304);
    const past2 = new Date(Date.now() - 3600_000).toUTCString();
    expect(
      (await gateway().send({ path: '/bkt/r', headers: { 'if-unmodified-since': past2 } })).status,
    ).toBe(412);
  });

  it('applies response-content-* overrides', async () => {
    await gateway().send({ method: 'PUT', path: '/bkt/o', body: 'x' });
    const res = await gateway().send({
      path: '/bkt/o',
      query: { 'response-content-type': 'image/png', 'response-content-disposition': 'attachment' },
    });
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe('attachment');
  });

  it('makes If-None-Match: * and If-Match writes conditional', async () => {
    await gateway().send({ method: 'PUT', path: '/bkt/c', body: 'v1' });
    const clash = await gateway().send({
      method: 'PUT',
      path: '/bkt/c',
      body: 'v2',
      headers: { 'if-none-match': '*' },
    });
    expect(clash.status).toBe(412);
    expect(await errorCode(clash)).toBe('PreconditionFailed');
    const wrong = await gateway().send({
      method: 'PUT',
      path: '/bkt/c',
      body: 'v2',
      headers: { 'if-match': '"0000"' },
    });
    expect(wrong.status).toBe(412);
    const etag = (await gateway().send({ method: 'HEAD', path: '/bkt/c' })).headers.get('etag')!;
    const ok = await gateway().send({
      method: 'PUT',
      path: '/bkt/c',
      body: 'v3',
      headers: { 'if-match': etag },
    });
    expect(ok.status).toBe(200);
    expect(await (await gateway().send({ path: '/bkt/c' })).text()).toBe('v3');
  });

  it('answers NoSuchKey and NoSuchBucket', async () => {
    const key = await gateway().send({ path: '/bkt/missing' });
    expect(key.status).toBe(404);
    expect(await errorCode(key)).toBe('NoSuchKey');
    const bucket = await gateway().send({ path: '/nobucket/k' });
    expect(bucket.status).toBe(404);
    expect(await errorCode(bucket)).toBe('NoSuchBucket');
  });

  it('copies with COPY and REPLACE and refuses a no-op self copy', async () => {
    await gateway().send({
      method: 'PUT',
      path: '/bkt/src',
      body: 'data',
      headers: { 'x-amz-meta-a': '1' },
    });
    const copy = await gateway().send({
      method: 'PUT',
      path: '/bkt/dst',
      headers: { 'x-amz-copy-source': '/bkt/src' },
    });
    expect(copy.status).toBe(200);
    expect(await copy.text()).toContain('<CopyObjectResult');
    const dst = await gateway().send({ path: '/bkt/dst' });
    expect(await dst.text()).toBe('data');
    expect(dst.headers.get('x-amz-meta-a')).toBe('1');
    const replaced = await gateway().send({
      method: 'PUT',
      path: '/bkt/dst2',
      headers: {
        'x-amz-copy-source': 'bkt/src',
        'x-amz-metadata-directive': 'REPLACE',
        'x-amz-meta-b': '2',
      },
    });
    expect(replaced.status).toBe(200);
    const dst2 = await gateway().send({ method: 'HEAD', path: '/bkt/dst2' });
    expect(dst2.headers.get('x-amz-meta-a')).toBeNull();
    expect(dst2.headers.get('x-amz-meta-b')).toBe('2');
    const self = await gateway().send({
      method: 'PUT',
      path: '/bkt/src',
      headers: { 'x-amz-copy-source': '/bkt/src' },
    });
    expect(self.status).toBe(400);
    expect(await errorCode(self)).toBe('InvalidRequest');
  });

  it('deletes many objects, quiet and not', async () => {
    for (const k of ['a', 'b', 'c'])
      await gateway().send({ method: 'PUT', path: `/bkt/${k}`, body: k });
    const xml = '<Delete><Object><Key>a</Key></Object><Object><Key>zz</Key></Object></Delete>';
    const res = await gateway().send({
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
    const quiet = await gateway().send({
      method: 'POST',
      path: '/bkt',
      query: { delete: '' },
      body: quietXml,
      headers: { 'content-md5': md5b64(quietXml) },
    });
    expect(await quiet.text()).not.toContain('<Deleted>');
    const noDigest = await gateway().send({
      method: 'POST',
      path: '/bkt',
      query: { delete: '' },
      body: quietXml,
    });
    expect(noDigest.status).toBe(400);
    const list = await (await gateway().send({ path: '/bkt', query: { 'list-type': '2' } })).text();
    expect(list).toContain('<Key>c</Key>');
    expect(list).not.toContain('<Key>a</Key>');
    expect(list).not.toContain('<Key>b</Key>');
  });
});
