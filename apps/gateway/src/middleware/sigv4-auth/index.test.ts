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

// A second key of the same tenant: another client (or user) behind the same address.
const other = {
  accessKeyId: 'OTHERKEYID000000000B',
  secretAccessKey: 'other-secret-0123456789',
  scope: { owner: 'owner-id' },
};

/** A gateway with a fresh limiter (3 failures block for a minute) per test. */
function limitedGateway() {
  return useTestGateway({
    // A getter: each test's gateway reads it once, so no test inherits another's blocks.
    get limiter() {
      return createAuthFailureLimiter({ maxFailures: 3, windowMs: 60_000, blockMs: 60_000 });
    },
    keys: [other],
  });
}

describe('sigv4Auth failure limiting', () => {
  const gateway = limitedGateway();

  it('blocks the failing (address, access key) pair with SlowDown and Retry-After, even for a correct request', async () => {
    for (let i = 0; i < 3; i++) {
      const bad = await gateway().send({ path: '/', secret: 'wrong-secret-000000000' });
      expect(await errorCode(bad)).toBe('SignatureDoesNotMatch');
    }
    const blocked = await gateway().send({ path: '/' });
    expect(blocked.status).toBe(503);
    expect(await errorCode(blocked)).toBe('SlowDown');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('does not block another access key from the same address', async () => {
    for (let i = 0; i < 3; i++) {
      await gateway().send({ path: '/', secret: 'wrong-secret-000000000' });
    }
    expect(await errorCode(await gateway().send({ path: '/' }))).toBe('SlowDown');
    // Same address (in-process requests all come from one), different key: unaffected, and its
    // own failures count separately.
    const ok = await gateway().send({ path: '/', key: other });
    expect(ok.status).toBe(200);
    const wrong = await gateway().send({
      path: '/',
      key: other,
      secret: 'wrong-secret-000000000',
    });
    expect(await errorCode(wrong)).toBe('SignatureDoesNotMatch');
    expect((await gateway().send({ path: '/', key: other })).status).toBe(200);
  });

  it('counts failures naming no usable key id by address alone, which does not block signed clients', async () => {
    // An id longer than AWS allows (128) is not taken as a limiter key: the address is.
    const bogus = { accessKeyId: 'A'.repeat(129), secretAccessKey: 'x' };
    for (let i = 0; i < 3; i++) {
      expect(await errorCode(await gateway().send({ path: '/', key: bogus }))).toBe(
        'InvalidAccessKeyId',
      );
    }
    expect(await errorCode(await gateway().send({ path: '/', key: bogus }))).toBe('SlowDown');
    expect((await gateway().send({ path: '/' })).status).toBe(200);
  });
});

describe('sigv4Auth failure limiting behind a trusted proxy', () => {
  const gateway = useTestGateway({
    trustProxy: ['10.0.0.0/8'],
    get limiter() {
      return createAuthFailureLimiter({ maxFailures: 3, windowMs: 60_000, blockMs: 60_000 });
    },
  });
  // The proxy at 10.0.0.2 appends the address it saw; the client forges the left-most entry.
  const via = (forged: string, client = '203.0.113.9') => ({
    peer: '10.0.0.2',
    unsignedHeaders: { 'x-forwarded-for': `${forged}, ${client}` },
  });

  it('counts failures by the address the proxy saw, so forging X-Forwarded-For does not reset them', async () => {
    for (let i = 0; i < 3; i++) {
      const bad = await gateway().send({
        path: '/',
        secret: 'wrong-secret-000000000',
        ...via(`198.51.100.${i}`),
      });
      expect(await errorCode(bad)).toBe('SignatureDoesNotMatch');
    }
    expect(await errorCode(await gateway().send({ path: '/', ...via('198.51.100.99') }))).toBe(
      'SlowDown',
    );
    // Another client behind the same proxy is not blocked.
    const neighbour = await gateway().send({ path: '/', ...via('6.6.6.6', '203.0.113.10') });
    expect(neighbour.status).toBe(200);
  });
});
