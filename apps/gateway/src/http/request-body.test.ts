import { describe, expect, it } from 'vitest';
import { blobFiles, errorCode, useTestGateway } from '../testing/test-gateway.js';

/** A body that sends `first` at once, then one byte every `everyMs` until cancelled. */
function trickle(first: Uint8Array, everyMs: number): ReadableStream<Uint8Array> {
  let timer: NodeJS.Timeout | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(first);
      timer = setInterval(() => controller.enqueue(new Uint8Array([0x61])), everyMs);
    },
    cancel() {
      clearInterval(timer);
    },
  });
}

describe('the body pace check', () => {
  const gateway = useTestGateway({ bodyPace: { windowMs: 300, minBytesPerSecond: 1000 } });

  it('answers 400 RequestTimeout to a body slower than the minimum rate, storing nothing', async () => {
    expect((await gateway().send({ method: 'PUT', path: '/bkt' })).status).toBe(200);
    const body = trickle(new Uint8Array(100), 100);
    const res = await gateway().send({
      method: 'PUT',
      path: '/bkt/slow',
      headers: { 'content-length': '100000' },
      stream: body,
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('RequestTimeout');
    expect(res.headers.get('connection')).toBe('close');
    expect((await gateway().send({ method: 'HEAD', path: '/bkt/slow' })).status).toBe(404);
    expect(await blobFiles(gateway())).toEqual([]);
  });

  it('lets a body at the minimum rate through', async () => {
    expect((await gateway().send({ method: 'PUT', path: '/bkt' })).status).toBe(200);
    const chunk = new Uint8Array(2000).fill(0x62);
    let sent = 0;
    // 2000 bytes every 50 ms = 40 KB/s, forty times the minimum, for about a second.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        controller.enqueue(chunk);
        sent += chunk.length;
        if (sent >= 40_000) controller.close();
      },
    });
    const res = await gateway().send({
      method: 'PUT',
      path: '/bkt/steady',
      headers: { 'content-length': '40000' },
      stream: body,
    });
    expect(res.status).toBe(200);
    const got = await gateway().send({ path: '/bkt/steady' });
    expect((await got.arrayBuffer()).byteLength).toBe(40_000);
  });
});
