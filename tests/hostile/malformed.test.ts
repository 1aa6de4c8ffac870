/**
 * Malformed requests: oversized heads, hostile XML, invalid ranges, copy sources, keys, URLs and
 * query strings. Each gets a 4xx S3 answer (or, for what HTTP itself forbids, Node's 4xx and a
 * closed connection), never a 5xx, never a crash.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  codeOf,
  rawExchange,
  requestHead,
  type HostileGateway,
} from './support/hostile-gateway.js';
import { BUCKET, describeHostile } from './support/hostile-suite.js';

const md5b64 = (data: Buffer | string) => createHash('md5').update(data).digest('base64');
const MALFORMED = [
  '',
  '<',
  'not xml at all',
  '<Delete><Object><Key>a</Key></Object>',
  '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><Delete><Object><Key>&e;</Key></Object></Delete>',
  '<Delete>\u0000</Delete>',
];

async function sendXml(
  gw: HostileGateway,
  method: string,
  path: string,
  query: Record<string, string>,
  xml: string,
) {
  const body = Buffer.from(xml);
  const signed = await gw.sign({
    method,
    path,
    query,
    body,
    headers: { 'content-md5': md5b64(body) },
  });
  return gw.send(signed, body);
}

describeHostile('malformed requests', (gateway) => {
  it('an oversized header and too many headers get 431 and a closed connection', async () => {
    const gw = gateway();
    const big = await rawExchange(gw.port, {
      steps: [`GET /${BUCKET} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`],
    });
    expect(big.status).toBe(431);
    const many = Array.from({ length: 4000 }, (_, i) => `X-H${i}: v`).join('\r\n');
    const count = await rawExchange(gw.port, {
      steps: [`GET /${BUCKET} HTTP/1.1\r\nHost: x\r\n${many}\r\n\r\n`],
    });
    expect(count.status).toBe(431);
  });

  it('malformed XML on every XML operation → 400 MalformedXML', async () => {
    const gw = gateway();
    const created = await gw.send(
      await gw.sign({ method: 'POST', path: `/${BUCKET}/mp`, query: { uploads: '' } }),
    );
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.body)?.[1] ?? '';
    for (const xml of MALFORMED) {
      const del = await sendXml(gw, 'POST', `/${BUCKET}`, { delete: '' }, xml);
      expect([xml, del.status, codeOf(del)]).toEqual([xml, 400, 'MalformedXML']);
      if (xml === '') continue; // an empty body is a valid CreateBucket and a MalformedXML Complete
      const complete = await sendXml(gw, 'POST', `/${BUCKET}/mp`, { uploadId }, xml);
      expect([xml, complete.status, codeOf(complete)]).toEqual([xml, 400, 'MalformedXML']);
      const bucket = await sendXml(gw, 'PUT', '/hostile-xml', {}, xml);
      expect([xml, bucket.status, codeOf(bucket)]).toEqual([xml, 400, 'MalformedXML']);
    }
    await gw.send(await gw.sign({ method: 'DELETE', path: `/${BUCKET}/mp`, query: { uploadId } }));
  });

  it('deeply nested XML → 400 MalformedXML, and oversized XML → 400 MaxMessageLengthExceeded', async () => {
    const gw = gateway();
    const depth = 5000;
    const nested = `<Delete>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</Delete>`;
    const res = await sendXml(gw, 'POST', `/${BUCKET}`, { delete: '' }, nested);
    expect([res.status, codeOf(res)]).toEqual([400, 'MalformedXML']);
    const huge = `<Delete>${'<Object><Key>k</Key></Object>'.repeat(5000)}</Delete>`;
    const res2 = await sendXml(gw, 'POST', `/${BUCKET}`, { delete: '' }, huge);
    expect([res2.status, codeOf(res2)]).toEqual([400, 'MaxMessageLengthExceeded']);
  });

  it('ranges: an unsatisfiable one → 416 InvalidRange; a malformed one is ignored (200)', async () => {
    const gw = gateway();
    expect(await gw.put(`/${BUCKET}/ranged`, Buffer.from('0123456789'))).toBe(200);
    const past = await gw.send(
      await gw.sign({ method: 'GET', path: `/${BUCKET}/ranged`, headers: { range: 'bytes=50-' } }),
    );
    expect([past.status, codeOf(past)]).toEqual([416, 'InvalidRange']);
    for (const range of ['bytes=abc', 'bytes=5-2', 'items=0-1', 'bytes=-', 'bytes=0-1,3-4']) {
      const res = await gw.send(
        await gw.sign({ method: 'GET', path: `/${BUCKET}/ranged`, headers: { range } }),
      );
      expect([range, res.status]).toEqual([range, 200]);
      expect(res.body).toBe('0123456789');
    }
  });

  it('invalid copy sources → 400 InvalidArgument (or 404 for a missing source)', async () => {
    const gw = gateway();
    for (const source of [
      '',
      '/',
      'nobucket',
      `/${BUCKET}/`,
      '%',
      '%ZZ',
      `/${BUCKET}/a?versionId=`,
    ]) {
      const res = await gw.send(
        await gw.sign({
          method: 'PUT',
          path: `/${BUCKET}/copy-target`,
          headers: { 'x-amz-copy-source': source },
        }),
      );
      expect([source, res.status, res.body.slice(0, 300)]).not.toContain(200);
      expect(res.status, source).toBeGreaterThanOrEqual(400);
      expect(res.status, source).toBeLessThan(500);
      expect(codeOf(res), source).toMatch(
        /^(InvalidArgument|InvalidRequest|NoSuchKey|NoSuchBucket)$/,
      );
    }
  });

  it('a key of 1025 bytes → 400 KeyTooLongError', async () => {
    const gw = gateway();
    const body = Buffer.from('x');
    const signed = await gw.sign({ method: 'PUT', path: `/${BUCKET}/${'k'.repeat(1025)}`, body });
    const res = await gw.send(signed, body);
    expect([res.status, codeOf(res)]).toEqual([400, 'KeyTooLongError']);
  });

  it('invalid UTF-8 and invalid escapes in the path get a 4xx', async () => {
    const gw = gateway();
    for (const path of [
      `/${BUCKET}/%FF%FE`,
      `/${BUCKET}/%C3%28`,
      `/${BUCKET}/%`,
      `/${BUCKET}/%G0`,
    ]) {
      const outcome = await rawExchange(gw.port, {
        steps: [`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`],
      });
      expect(outcome.status, path).toBeGreaterThanOrEqual(400);
      expect(outcome.status, path).toBeLessThan(500);
    }
  });

  it('repeated query parameters and unknown subresources never get a 5xx', async () => {
    const gw = gateway();
    expect(await gw.put(`/${BUCKET}/q`, Buffer.from('q'))).toBe(200);
    const targets = [
      `/${BUCKET}/q?uploadId=a&uploadId=b`,
      `/${BUCKET}/q?partNumber=1&partNumber=2`,
      `/${BUCKET}?list-type=2&list-type=1`,
      `/${BUCKET}?max-keys=1&max-keys=abc`,
      `/${BUCKET}/q?no-such-subresource`,
      `/${BUCKET}?torrent`,
      `/${BUCKET}/q?acl&tagging&uploads`,
    ];
    for (const target of targets) {
      const [path, qs = ''] = target.split('?');
      const query = Object.fromEntries(new URLSearchParams(qs));
      const signed = await gw.sign({ method: 'GET', path: path!, query });
      // Sign what the client would, then send the raw query (repeats included) as written.
      const outcome = await rawExchange(gw.port, {
        steps: [
          requestHead({ ...signed, target, headers: { ...signed.headers, connection: 'close' } }),
        ],
      });
      expect(outcome.status, target).toBeDefined();
      // 501 NotImplemented is S3's answer to a subresource it does not implement.
      if (outcome.status === 501)
        expect(outcome.text, target).toContain('<Code>NotImplemented</Code>');
      else expect(outcome.status!, target).toBeLessThan(500);
    }
  });
});
