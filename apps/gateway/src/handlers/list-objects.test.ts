import { beforeEach, describe, expect, it } from 'vitest';
import { encodeKey, useTestGateway } from '../testing/test-gateway.js';

const gateway = useTestGateway();

describe('listing', () => {
  beforeEach(async () => {
    await gateway().send({ method: 'PUT', path: '/lst' });
    for (const k of ['a/1', 'a/2', 'b/1', 'c', 'd e', 'é'])
      await gateway().send({ method: 'PUT', path: `/lst/${encodeKey(k)}`, body: k });
  });

  it('groups by delimiter and pages with continuation tokens', async () => {
    const first = await (
      await gateway().send({
        path: '/lst',
        query: { 'list-type': '2', delimiter: '/', 'max-keys': '2' },
      })
    ).text();
    expect(first).toContain('<CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes>');
    expect(first).toContain('<CommonPrefixes><Prefix>b/</Prefix></CommonPrefixes>');
    expect(first).toContain('<IsTruncated>true</IsTruncated>');
    expect(first).toContain('<KeyCount>2</KeyCount>');
    const token = /<NextContinuationToken>([^<]+)</.exec(first)![1]!;
    const second = await (
      await gateway().send({
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
    const bad = await gateway().send({
      path: '/lst',
      query: { 'list-type': '2', 'continuation-token': 'garbage' },
    });
    expect(bad.status).toBe(400);
  });

  it('url-encodes keys on request and answers max-keys=0', async () => {
    const enc = await (
      await gateway().send({
        path: '/lst',
        query: { 'list-type': '2', 'encoding-type': 'url', prefix: 'd' },
      })
    ).text();
    expect(enc).toContain('<Key>d%20e</Key>');
    const zero = await (
      await gateway().send({ path: '/lst', query: { 'list-type': '2', 'max-keys': '0' } })
    ).text();
    expect(zero).toContain('<KeyCount>0</KeyCount>');
    expect(zero).toContain('<IsTruncated>false</IsTruncated>');
  });

  it('lists v1 with marker and NextMarker', async () => {
    const page = await (
      await gateway().send({ path: '/lst', query: { delimiter: '/', 'max-keys': '1' } })
    ).text();
    expect(page).toContain('<NextMarker>a/</NextMarker>');
    const next = await (
      await gateway().send({ path: '/lst', query: { delimiter: '/', marker: 'a/' } })
    ).text();
    expect(next).toContain('<Prefix>b/</Prefix>');
    expect(next).not.toContain('<Prefix>a/</Prefix>');
  });
});
