/**
 * Faults below the gateway: a blob that is shorter on disk than its object says. A reader must
 * never take a short body for a whole one: the connection is aborted mid-body, so every HTTP
 * client reports a truncated transfer.
 */
import { randomBytes } from 'node:crypto';
import { truncate } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { expect, it } from 'vitest';
import type { HostileGateway } from './support/hostile-gateway.js';
import { BUCKET, describeHostile } from './support/hostile-suite.js';

/** PUTs `data` at `key` and returns the path of the blob file it created. */
async function putAndFindBlob(gw: HostileGateway, key: string, data: Buffer): Promise<string> {
  const before = new Set(await gw.blobPaths());
  expect(await gw.put(`/${BUCKET}/${key}`, data)).toBe(200);
  const created = (await gw.blobPaths()).filter((path) => !before.has(path));
  expect(created).toHaveLength(1);
  return created[0]!;
}

/** A GET that reports how it ended: complete, or aborted after some bytes. */
async function getOutcome(
  gw: HostileGateway,
  key: string,
): Promise<{ status: number; bytes: number; declared: number; aborted: boolean }> {
  const signed = await gw.sign({ method: 'GET', path: `/${BUCKET}/${key}` });
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port: gw.port,
      path: signed.target,
      headers: signed.headers,
      agent: false,
      timeout: 20_000,
    });
    req.once('timeout', () => req.destroy(new Error('GET hung')));
    req.once('error', reject);
    req.once('response', (res) => {
      let bytes = 0;
      const declared = Number(res.headers['content-length']);
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.once('end', () =>
        resolve({ status: res.statusCode ?? 0, bytes, declared, aborted: false }),
      );
      res.once('aborted', () => undefined);
      res.once('error', () =>
        resolve({ status: res.statusCode ?? 0, bytes, declared, aborted: true }),
      );
    });
    req.end();
  });
}

describeHostile('backend faults', (gateway) => {
  it('a blob truncated on disk: the GET is aborted mid-body, never a short 200', async () => {
    const gw = gateway();
    const data = randomBytes(1024 * 1024);
    const blob = await putAndFindBlob(gw, 'truncated', data);
    await truncate(blob, 100_000);
    const outcome = await getOutcome(gw, 'truncated');
    expect(outcome.declared).toBe(data.length);
    expect(outcome).toMatchObject({ aborted: true });
    expect(outcome.bytes).toBeLessThan(data.length);
    const del = await gw.send(await gw.sign({ method: 'DELETE', path: `/${BUCKET}/truncated` }));
    expect(del.status).toBe(204);
  });
});
