import { describe, expect, it } from 'vitest';
import { createAuthFailureLimiter } from '@strata/sigv4-verify';
import { errorCode, useTestGateway } from '../../testing/test-gateway.js';

// The client signs the Host it addressed; the proxy forwards to the gateway's own address.
const behindProxy = {
  headers: { host: 's3.example.test' },
  unsignedHeaders: {
    host: 'strata.internal:9000',
    'x-forwarded-host': 's3.example.test',
    'x-forwarded-proto': 'https',
  },
};

describe('sigv4Auth behind a reverse proxy', () => {
  describe('with trust_proxy', () => {
    const gateway = useTestGateway({ trustProxy: true, domain: 's3.example.test' });

    it('verifies against X-Forwarded-Host and resolves virtual-host buckets from it', async () => {
      expect((await gateway().send({ method: 'PUT', path: '/bkt', ...behindProxy })).status).toBe(
        200,
      );
      const put = await gateway().send({
        method: 'PUT',
        path: '/k.txt',
        body: 'v',
        headers: { host: 'bkt.s3.example.test' },
        unsignedHeaders: {
          ...behindProxy.unsignedHeaders,
          'x-forwarded-host': 'bkt.s3.example.test',
        },
      });
      expect(put.status).toBe(200);
      const get = await gateway().send({ path: '/bkt/k.txt', ...behindProxy });
      expect(await get.text()).toBe('v');
    });
  });

  describe('without trust_proxy', () => {
    const gateway = useTestGateway();

    it('ignores X-Forwarded-Host, so the signature does not match', async () => {
      const res = await gateway().send({ method: 'PUT', path: '/bkt', ...behindProxy });
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('SignatureDoesNotMatch');
    });
  });
});

describe('sigv4Auth failure limiting', () => {
  const gateway = useTestGateway({
    limiter: createAuthFailureLimiter({ maxFailures: 3, windowMs: 60_000, blockMs: 60_000 }),
  });

  it('answers SlowDown with Retry-After after repeated failures, even to a correct request', async () => {
    for (let i = 0; i < 3; i++) {
      const bad = await gateway().send({ path: '/', secret: 'wrong-secret-000000000' });
      expect(await errorCode(bad)).toBe('SignatureDoesNotMatch');
    }
    const blocked = await gateway().send({ path: '/' });
    expect(blocked.status).toBe(503);
    expect(await errorCode(blocked)).toBe('SlowDown');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
