import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { smallBody } from '../pattern-stream.js';
import { S3HttpClient, S3HttpError } from '../s3-http-client.js';
import { createSigner } from '../sigv4-signer.js';
import { applyBenchPolicy } from './apply-bench-policy.js';
import { createBenchPolicy } from './bench-policy.js';
import { startStrata } from './start-strata.js';
import type { RunningTarget } from './target.js';

type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string };

const servers: ReturnType<typeof createServer>[] = [];
const clients: S3HttpClient[] = [];
const targets: RunningTarget[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  await Promise.all(targets.splice(0).map((t) => t.close()));
});

/** A stand-in S3 server that records every request; `answer` picks the status and body. */
async function fakeS3(answer: (req: Seen, seen: readonly Seen[]) => [number, string?]) {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      const [status, body = ''] = answer(entry, seen);
      res.writeHead(status).end(body);
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = new S3HttpClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accessKeyId: 'AKTEST',
    secretAccessKey: 'secret',
  });
  clients.push(client);
  return { client, seen };
}

const calls = (seen: readonly Seen[]) => seen.map((r) => `${r.method} ${r.url}`);
const NO_POLICY = '<Error><Code>NoSuchBucketPolicy</Code></Error>';

describe('applyBenchPolicy (against a stand-in server)', () => {
  it('sends a signed PutBucketPolicy with its Content-MD5, then reads the policy back', async () => {
    // The server re-indents the document: equal once parsed is what counts.
    const { client, seen } = await fakeS3((req, all) =>
      req.method === 'PUT' ? [204] : [200, JSON.stringify(JSON.parse(all[0]?.body ?? ''))],
    );
    const policy = await applyBenchPolicy(client, 'b');
    expect(policy).toEqual(createBenchPolicy('b'));
    expect(calls(seen)).toEqual(['PUT /b?policy=', 'GET /b?policy=']);
    const [put] = seen;
    expect(JSON.parse(put?.body ?? '')).toEqual(createBenchPolicy('b'));
    expect(put?.headers['content-md5']).toBe(
      createHash('md5')
        .update(put?.body ?? '')
        .digest('base64'),
    );
    expect(put?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKTEST\//);
  });

  it('fails when the bucket reports no policy after the PUT', async () => {
    const { client } = await fakeS3((req) => (req.method === 'PUT' ? [204] : [404, NO_POLICY]));
    await expect(applyBenchPolicy(client, 'b')).rejects.toThrow(
      /reports no policy after PutBucketPolicy: refusing to measure/,
    );
  });

  it('fails when the bucket returns another policy than the one put', async () => {
    const other = createBenchPolicy('b');
    const fewer = JSON.stringify({ ...other, Statement: other.Statement.slice(1) });
    const { client } = await fakeS3((req) => (req.method === 'PUT' ? [204] : [200, fewer]));
    await expect(applyBenchPolicy(client, 'b')).rejects.toThrow(/returns another policy/);
  });

  it('stops at a refused PutBucketPolicy', async () => {
    const { client, seen } = await fakeS3(() => [403, '<Error><Code>AccessDenied</Code></Error>']);
    const error: unknown = await applyBenchPolicy(client, 'b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3HttpError);
    expect((error as S3HttpError).status).toBe(403);
    expect(calls(seen)).toEqual(['PUT /b?policy=']);
  });
});

describe('applyBenchPolicy (against the built gateway)', () => {
  it('is accepted, evaluated on the owner’s requests, and still allows the bench’s own', async () => {
    const t = await startStrata({ name: 'strata-policy', label: 'strata-policy-test' });
    targets.push(t);
    const client = new S3HttpClient({ ...t, connections: 2 });
    clients.push(client);
    await client.createBucket('bench-small');
    await applyBenchPolicy(client, 'bench-small');

    // What the small scenario does, as the owner: all allowed, real 200s with the bytes.
    const body = smallBody(4096);
    await client.put('bench-small', 's-4096-16-0-000001', body, body.length);
    expect(await client.get('bench-small', 's-4096-16-0-000001')).toBe(4096);
    expect(await client.head('bench-small', 's-4096-16-0-000001')).toBe(4096);

    // The same GET from a scanner's User-Agent meets DenyScannerUserAgents: the policy is
    // evaluated on the owner's requests, not skipped for them.
    const sign = createSigner({ ...t, region: 'us-east-1' });
    const host = new URL(t.endpoint).host;
    const path = '/bench-small/s-4096-16-0-000001';
    const denied = await request(`${t.endpoint}${path}`, {
      headers: { ...sign({ method: 'GET', host, path }), 'user-agent': 'sqlmap/1.7' },
    });
    const text = await denied.body.text();
    expect(denied.statusCode).toBe(403);
    expect(text).toContain('<Code>AccessDenied</Code>');

    await client.delete('bench-small', 's-4096-16-0-000001');
  }, 60_000);
});
