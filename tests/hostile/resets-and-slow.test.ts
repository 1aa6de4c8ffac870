/**
 * Clients that go away at every phase of an exchange, and clients that are too slow: the
 * gateway answers what it can, closes what it must, never hangs past its timeouts, and keeps
 * nothing of a write that did not finish (the suite's last test checks intents, blobs and quota
 * reservations after the workers ran).
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import {
  rawExchange,
  requestHead,
  TIMEOUTS,
  type HostileGateway,
} from './support/hostile-gateway.js';
import { BUCKET, describeHostile } from './support/hostile-suite.js';

const MiB = 1024 * 1024;

/** A signed PUT head declaring a 4 MiB unsigned body (so a leaked reservation would show). */
async function bigPutHead(gw: HostileGateway, key: string): Promise<string> {
  return requestHead(
    await gw.sign({
      method: 'PUT',
      path: `/${BUCKET}/${key}`,
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': String(4 * MiB) },
    }),
  );
}

async function expectAbsent(gw: HostileGateway, key: string): Promise<void> {
  const head = await gw.send(await gw.sign({ method: 'HEAD', path: `/${BUCKET}/${key}` }));
  expect(head.status).toBe(404);
}

describeHostile('client resets and slow clients', (gateway) => {
  it('a reset in the middle of the request head', async () => {
    const gw = gateway();
    const head = await bigPutHead(gw, 'reset-head');
    const outcome = await rawExchange(gw.port, {
      steps: [head.slice(0, head.length / 2)],
      reset: true,
    });
    expect(outcome.status).toBeUndefined();
    await expectAbsent(gw, 'reset-head');
  });

  it('a reset in the middle of the body', async () => {
    const gw = gateway();
    const outcome = await rawExchange(gw.port, {
      steps: [await bigPutHead(gw, 'reset-body'), randomBytes(MiB), () => sleep(300)],
      reset: true,
    });
    expect(outcome.status).toBeUndefined();
    await expectAbsent(gw, 'reset-body');
  });

  it('a reset after the whole body, before the answer: the write commits or leaves nothing', async () => {
    const gw = gateway();
    const body = randomBytes(256 * 1024);
    const signed = await gw.sign({ method: 'PUT', path: `/${BUCKET}/reset-after`, body });
    await rawExchange(gw.port, { steps: [requestHead(signed), body], reset: true });
    await sleep(500);
    // Either outcome is legal; a half-written object is not.
    const got = await gw.get(`/${BUCKET}/reset-after`);
    if (got.status === 200) {
      expect(got.bytes.equals(body)).toBe(true);
      const del = await gw.send(
        await gw.sign({ method: 'DELETE', path: `/${BUCKET}/reset-after` }),
      );
      expect(del.status).toBe(204);
    } else {
      expect(got.status).toBe(404);
    }
  });

  it('a reset in the middle of a GET', async () => {
    const gw = gateway();
    const data = randomBytes(4 * MiB);
    expect(await gw.put(`/${BUCKET}/big`, data)).toBe(200);
    const signed = await gw.sign({ method: 'GET', path: `/${BUCKET}/big` });
    // Read the first chunk of the body, then reset the connection.
    const received = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: gw.port,
        path: signed.target,
        headers: signed.headers,
        agent: false,
      });
      req.once('error', () => undefined);
      req.once('response', (res) => {
        res.once('data', (chunk: Buffer) => {
          req.destroy();
          resolve(chunk.length);
        });
        res.once('error', () => undefined);
      });
      req.once('close', () => reject(new Error('closed before any byte')));
      req.end();
    });
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(data.length);
    // The object is intact for the next reader.
    const again = await gw.get(`/${BUCKET}/big`);
    expect(again.bytes.equals(data)).toBe(true);
    const del = await gw.send(await gw.sign({ method: 'DELETE', path: `/${BUCKET}/big` }));
    expect(del.status).toBe(204);
  });

  it('a reset while UploadPartCopy copies a large source', async () => {
    const gw = gateway();
    const data = randomBytes(3 * MiB);
    expect(await gw.put(`/${BUCKET}/copy-source`, data)).toBe(200);
    const created = await gw.send(
      await gw.sign({ method: 'POST', path: `/${BUCKET}/copy-target`, query: { uploads: '' } }),
    );
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.body)?.[1] ?? '';
    const copy = await gw.sign({
      method: 'PUT',
      path: `/${BUCKET}/copy-target`,
      query: { partNumber: '1', uploadId },
      headers: { 'x-amz-copy-source': `/${BUCKET}/copy-source` },
    });
    await rawExchange(gw.port, { steps: [requestHead(copy)], reset: true });
    await sleep(500);
    const abort = await gw.send(
      await gw.sign({ method: 'DELETE', path: `/${BUCKET}/copy-target`, query: { uploadId } }),
    );
    expect(abort.status).toBe(204);
    const del = await gw.send(await gw.sign({ method: 'DELETE', path: `/${BUCKET}/copy-source` }));
    expect(del.status).toBe(204);
  });

  it('a request head that never completes is dropped after timeouts.headers', async () => {
    const gw = gateway();
    const started = Date.now();
    const outcome = await rawExchange(gw.port, {
      steps: ['PUT /hostile/slow-head HTTP/1.1\r\nHost: x\r\n'],
      waitMs: TIMEOUTS.headersMs * 5,
    });
    expect(outcome.closedByServer).toBe(true);
    expect(Date.now() - started).toBeLessThan(TIMEOUTS.headersMs * 5);
    // Node answers 408 Request Timeout when it gives up on a head.
    if (outcome.status !== undefined) expect(outcome.status).toBe(408);
  });

  it('a body trickling below timeouts.body_min_rate → 400 RequestTimeout, connection closed', async () => {
    const gw = gateway();
    const steps: (string | Buffer | (() => Promise<void>))[] = [await bigPutHead(gw, 'trickle')];
    // 100 bytes every 300 ms: about a third of the 1 KiB/s minimum.
    for (let i = 0; i < 30; i += 1) steps.push(randomBytes(100), () => sleep(300));
    const outcome = await rawExchange(gw.port, { steps, waitMs: 15_000 });
    expect(outcome.status).toBe(400);
    expect(outcome.text).toContain('<Code>RequestTimeout</Code>');
    expect(outcome.closedByServer).toBe(true);
    await expectAbsent(gw, 'trickle');
  });

  it('an idle keep-alive connection is closed after timeouts.keep_alive', async () => {
    const gw = gateway();
    const signed = await gw.sign({
      method: 'GET',
      path: `/${BUCKET}`,
      query: { 'list-type': '2' },
    });
    const started = Date.now();
    const outcome = await rawExchange(gw.port, {
      steps: [requestHead(signed)],
      waitMs: TIMEOUTS.keepAliveMs * 5,
    });
    expect(outcome.status).toBe(200);
    expect(outcome.closedByServer).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUTS.keepAliveMs - 100);
  });
});
