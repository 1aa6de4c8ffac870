import { describe, expect, it, vi } from 'vitest';
import {
  createAdmissionLimits,
  type AdmissionLimitsConfig,
} from '../../limits/admission-limits.js';
import { heldBody } from '../../testing/held-body.js';
import {
  createTestGateway,
  errorCode,
  md5b64,
  type TestGateway,
} from '../../testing/test-gateway.js';

// A second key of the same tenant: another client behind the same address.
const other = {
  accessKeyId: 'OTHERKEYID000000000B',
  secretAccessKey: 'other-secret-0123456789',
  scope: { owner: 'owner-id' },
};

// Rates counted over a minute: no test depends on how fast the machine is.
const twoPerMinute = { points: 2, durationSec: 60 };

/** A gateway with `config`'s limits and a bucket `bkt`. */
async function gatewayWith(config: AdmissionLimitsConfig) {
  const limits = createAdmissionLimits(config);
  const gw = await createTestGateway({ limits, keys: [other] });
  expect((await gw.send({ method: 'PUT', path: '/bkt' })).status).toBe(200);
  return Object.assign(gw, { limits });
}

/** Expects the answer every limit gives: 503 SlowDown with a Retry-After in seconds. */
async function expectSlowDown(res: Response, maxRetryAfter = 60): Promise<void> {
  expect(res.status).toBe(503);
  expect(await errorCode(res)).toBe('SlowDown');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
}

/** Starts a PUT whose body stays open until the test finishes or breaks it. */
async function holdUpload(gw: TestGateway, options: { peer?: string; key?: typeof other } = {}) {
  const body = heldBody('first part ');
  const response = gw.send({
    method: 'PUT',
    path: `/bkt/held-${Math.random()}`,
    stream: body.stream,
    headers: { 'content-length': String('first part '.length + 'rest'.length) },
    ...options,
  });
  await body.reading;
  return { body, response };
}

describe('per-address limits', () => {
  it('answers SlowDown over the request rate, per address', async () => {
    const limits = createAdmissionLimits({ perAddress: { rate: twoPerMinute } });
    await using gw = await createTestGateway({ limits });
    const peer = '198.51.100.1';
    expect((await gw.send({ path: '/', peer })).status).toBe(200);
    expect((await gw.send({ path: '/', peer })).status).toBe(200);
    await expectSlowDown(await gw.send({ path: '/', peer }));
    // Counted before authentication: an unsigned request from there is refused the same way.
    await expectSlowDown(await gw.send({ path: '/', peer, unsigned: true }));
    // Another address has its own budget.
    expect((await gw.send({ path: '/', peer: '198.51.100.2' })).status).toBe(200);
  });

  it('counts behind a trusted proxy by the right-most untrusted hop, whatever the client forges', async () => {
    const limits = createAdmissionLimits({ perAddress: { rate: twoPerMinute } });
    await using gw = await createTestGateway({ limits, trustProxy: ['10.0.0.0/8'] });
    // The proxy (10.0.0.2) appends the address it saw; the client writes a fresh left-most one
    // every time, hoping for a fresh budget.
    const via = (forged: string) => ({
      peer: '10.0.0.2',
      unsignedHeaders: { 'x-forwarded-for': `${forged}, 203.0.113.9` },
    });
    expect((await gw.send({ path: '/', ...via('1.1.1.1') })).status).toBe(200);
    expect((await gw.send({ path: '/', ...via('2.2.2.2') })).status).toBe(200);
    await expectSlowDown(await gw.send({ path: '/', ...via('3.3.3.3') }));
    // A client the proxy saw at another address is another client.
    const neighbour = { peer: '10.0.0.2', unsignedHeaders: { 'x-forwarded-for': '203.0.113.10' } };
    expect((await gw.send({ path: '/', ...neighbour })).status).toBe(200);
    // Straight to the gateway, X-Forwarded-For counts for nothing: the peer is the client.
    const direct = { peer: '203.0.113.50', unsignedHeaders: { 'x-forwarded-for': '203.0.113.9' } };
    expect((await gw.send({ path: '/', ...direct })).status).toBe(200);
  });

  it('answers SlowDown over the in-flight limit and gives the slot back when the upload ends', async () => {
    await using gw = await gatewayWith({ perAddress: { inFlight: 1 } });
    const peer = '198.51.100.1';
    const held = await holdUpload(gw, { peer });
    expect(gw.limits.perAddress.inFlight(peer)).toBe(1);
    await expectSlowDown(await gw.send({ path: '/', peer }), 1);
    expect((await gw.send({ path: '/', peer: '198.51.100.2' })).status).toBe(200);
    held.body.finish('rest');
    expect((await held.response).status).toBe(200);
    expect(gw.limits.perAddress.inFlight(peer)).toBe(0);
    expect((await gw.send({ path: '/', peer })).status).toBe(200);
  });

  it('gives the slot back exactly once on errors and on a client that goes away', async () => {
    await using gw = await gatewayWith({ perAddress: { inFlight: 2 } });
    const peer = '198.51.100.1';
    const held = await holdUpload(gw, { peer });
    // Errors (before and after the body is opened) and successes leave only the held slot.
    expect((await gw.send({ path: '/', peer, secret: 'wrong-secret-000000000' })).status).toBe(403);
    expect((await gw.send({ path: '/nobucket/k', peer })).status).toBe(404);
    expect((await gw.send({ method: 'PUT', path: '/bkt/k', body: 'v', peer })).status).toBe(200);
    expect(gw.limits.perAddress.inFlight(peer)).toBe(1);
    const aborted = await holdUpload(gw, { peer });
    expect(gw.limits.perAddress.inFlight(peer)).toBe(2);
    aborted.body.fail();
    expect((await aborted.response).status).toBeGreaterThanOrEqual(400);
    expect(gw.limits.perAddress.inFlight(peer)).toBe(1);
    held.body.finish('rest');
    await held.response;
    expect(gw.limits.perAddress.inFlight(peer)).toBe(0);
  });
});

describe('per-key limits', () => {
  it('answers SlowDown over the request rate of one access key, not another', async () => {
    const limits = createAdmissionLimits({ perKey: { rate: twoPerMinute } });
    await using keyed = await createTestGateway({ limits, keys: [other] });
    expect((await keyed.send({ path: '/' })).status).toBe(200);
    expect((await keyed.send({ path: '/' })).status).toBe(200);
    await expectSlowDown(await keyed.send({ path: '/' }));
    // Same address, other key: its own budget.
    expect((await keyed.send({ path: '/', key: other })).status).toBe(200);
    // Applied after authentication: a bad signature is refused as such, not counted.
    const forged = await keyed.send({ path: '/', key: other, secret: 'wrong-secret-000000000' });
    expect(await errorCode(forged)).toBe('SignatureDoesNotMatch');
    expect((await keyed.send({ path: '/', key: other })).status).toBe(200);
  });

  it('answers SlowDown over the in-flight limit of one key and gives the slot back', async () => {
    await using gw = await gatewayWith({ perKey: { inFlight: 1 } });
    const held = await holdUpload(gw);
    await expectSlowDown(await gw.send({ path: '/' }), 1);
    expect((await gw.send({ path: '/', key: other })).status).toBe(200);
    held.body.finish('rest');
    expect((await held.response).status).toBe(200);
    expect((await gw.send({ path: '/' })).status).toBe(200);
  });
});

describe('instance limits', () => {
  it('answers SlowDown over max_in_flight, whoever asks, and admits again once a request ends', async () => {
    await using gw = await gatewayWith({ maxInFlight: 1 });
    const held = await holdUpload(gw);
    await expectSlowDown(await gw.send({ path: '/', key: other, peer: '192.0.2.1' }), 1);
    // Liveness probes are not requests to refuse.
    expect((await gw.send({ path: '/health', unsigned: true })).status).toBe(200);
    held.body.finish('rest');
    expect((await held.response).status).toBe(200);
    expect((await gw.send({ path: '/', key: other })).status).toBe(200);
  });

  it('answers SlowDown when XML bodies in memory would pass max_buffered_bytes', async () => {
    const xml = (key: string) =>
      `<Delete><Object><Key>${key}</Key></Object>${' '.repeat(100)}</Delete>`;
    await using gw = await gatewayWith({ maxBufferedBytes: 200 });
    const deleteObjects = (key: string) => ({
      method: 'POST',
      path: '/bkt',
      query: { delete: '' },
      headers: { 'content-md5': md5b64(xml(key)) },
    });
    // One DeleteObjects holds the first part of its body (150 bytes) in memory...
    const full = xml('a');
    const body = heldBody(full.slice(0, 150));
    const first = gw.send({
      ...deleteObjects('a'),
      stream: body.stream,
      headers: { ...deleteObjects('a').headers, 'content-length': String(full.length) },
    });
    await body.reading;
    // The part still passes the body decoder (which may hold a few bytes back) on its way.
    await vi.waitFor(() => expect(gw.limits.buffered.used).toBeGreaterThan(100));
    const held = gw.limits.buffered.used;
    // ...so another of ~130 bytes does not fit, and is not counted.
    await expectSlowDown(await gw.send({ ...deleteObjects('b'), body: xml('b') }), 1);
    expect(gw.limits.buffered.used).toBe(held);
    body.finish(full.slice(150));
    expect((await first).status).toBe(200);
    expect(gw.limits.buffered.used).toBe(0);
    expect((await gw.send({ ...deleteObjects('b'), body: xml('b') })).status).toBe(200);
  });
});
