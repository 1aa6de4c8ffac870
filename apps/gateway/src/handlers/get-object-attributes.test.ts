import { describe, expect, it } from 'vitest';
import { errorCode, useTestGateway } from '../testing/test-gateway.js';

const gateway = useTestGateway();

describe('GetObjectAttributes', () => {
  it('answers the attributes asked for', async () => {
    await gateway().send({ method: 'PUT', path: '/attrs' });
    await gateway().send({ method: 'PUT', path: '/attrs/k', body: 'twelve bytes' });
    const res = await gateway().send({
      path: '/attrs/k',
      query: { attributes: '' },
      headers: { 'x-amz-object-attributes': 'ETag,ObjectSize,StorageClass' },
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<ObjectSize>12</ObjectSize>');
    expect(body).toContain('<StorageClass>STANDARD</StorageClass>');
    expect(body).toMatch(/<ETag>[0-9a-f]{32}<\/ETag>/);
    expect(res.headers.get('last-modified')).toBeTruthy();
    const missing = await gateway().send({
      path: '/attrs/nope',
      query: { attributes: '' },
      headers: { 'x-amz-object-attributes': 'ETag' },
    });
    expect(await errorCode(missing)).toBe('NoSuchKey');
  });
});
