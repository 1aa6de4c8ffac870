import { describe, expect, it } from 'vitest';
import { errorCode, useTestGateway } from './testing/test-gateway.js';

const gateway = useTestGateway();

describe('gateway edge', () => {
  it('refuses anonymous requests with an S3 error body and a request id', async () => {
    const res = await gateway().send({ path: '/', unsigned: true });
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
    const res = await gateway().send({ path: '/', secret: 'wrong-secret-000000000' });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('SignatureDoesNotMatch');
  });

  it('answers unknown operations 501 NotImplemented, never 404/405', async () => {
    await gateway().send({ method: 'PUT', path: '/bkt' });
    for (const [method, query] of [
      ['GET', { requestPayment: '' }],
      ['PUT', { requestPayment: '' }],
      ['GET', { accelerate: '' }],
      ['PATCH', {}],
    ] as const) {
      const res = await gateway().send({ method, path: '/bkt', query });
      expect(res.status).toBe(501);
      expect(await errorCode(res)).toBe('NotImplemented');
    }
  });

  it('answers unconfigured bucket sub-resources with their not-found errors', async () => {
    await gateway().send({ method: 'PUT', path: '/bkt' });
    const policy = await gateway().send({ path: '/bkt', query: { policy: '' } });
    expect(policy.status).toBe(404);
    expect(await errorCode(policy)).toBe('NoSuchBucketPolicy');
    const cors = await gateway().send({ path: '/bkt', query: { cors: '' } });
    expect(await errorCode(cors)).toBe('NoSuchCORSConfiguration');
    const missing = await gateway().send({ path: '/nobkt', query: { lifecycle: '' } });
    expect(await errorCode(missing)).toBe('NoSuchBucket');
  });

  it('serves /health and /ready without auth, with a status and nothing about the backends', async () => {
    const health = await gateway().send({ path: '/health', unsigned: true });
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await gateway().send({ path: '/ready', unsigned: true });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('shows backend details on /health?details only to a request signed with a configured key', async () => {
    const anonymous = await gateway().send({
      path: '/health',
      query: { details: '' },
      unsigned: true,
    });
    expect(anonymous.status).toBe(403);
    expect(await errorCode(anonymous)).toBe('AccessDenied');
    const forged = await gateway().send({
      path: '/health',
      query: { details: '' },
      secret: 'wrong-secret-000000000',
    });
    expect(forged.status).toBe(403);
    expect(await errorCode(forged)).toBe('SignatureDoesNotMatch');
    const signed = await gateway().send({ path: '/health', query: { details: '' } });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({
      status: 'ok',
      backends: { local: { state: 'active', circuit: 'closed' } },
    });
  });
});
