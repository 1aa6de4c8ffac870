import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { S3HttpClient, S3HttpError } from '../s3-http-client.js';
import { enableBucketEncryption, SSE_PROBE_KEY } from './enable-bucket-encryption.js';

type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string };

const XML =
  '<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>';

const servers: ReturnType<typeof createServer>[] = [];
const clients: S3HttpClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A stand-in S3 server that records every request; `answer` picks the status and headers. */
async function fakeS3(answer: (req: Seen) => [number, Record<string, string>?]) {
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
      const [status, headers = {}] = answer(entry);
      res.writeHead(status, headers).end();
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

describe('enableBucketEncryption', () => {
  it('sends a signed PutBucketEncryption with its Content-MD5, then proves it on a probe', async () => {
    const { client, seen } = await fakeS3((req) =>
      req.method === 'HEAD' ? [200, { 'x-amz-server-side-encryption': 'AES256' }] : [200],
    );
    await enableBucketEncryption(client, 'b', 'AES256');
    expect(calls(seen)).toEqual([
      'PUT /b?encryption=',
      `PUT /b/${SSE_PROBE_KEY}`,
      `HEAD /b/${SSE_PROBE_KEY}`,
      `DELETE /b/${SSE_PROBE_KEY}`,
    ]);
    const [put] = seen;
    expect(put?.body).toBe(XML);
    expect(put?.headers['content-md5']).toBe(createHash('md5').update(XML).digest('base64'));
    expect(put?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKTEST\//);
    // The probe asks for nothing itself: only the bucket default can encrypt it.
    expect(seen[1]?.headers['x-amz-server-side-encryption']).toBeUndefined();
  });

  it('fails when an object comes back unencrypted, and still deletes the probe', async () => {
    const { client, seen } = await fakeS3(() => [200]);
    await expect(enableBucketEncryption(client, 'b')).rejects.toThrow(
      /reports x-amz-server-side-encryption: \(none\): refusing to measure it as encrypted/,
    );
    expect(calls(seen).at(-1)).toBe(`DELETE /b/${SSE_PROBE_KEY}`);
  });

  it('fails when the object reports another algorithm than the default asked for', async () => {
    const { client } = await fakeS3((req) =>
      req.method === 'HEAD' ? [200, { 'x-amz-server-side-encryption': 'aws:kms' }] : [200],
    );
    await expect(enableBucketEncryption(client, 'b', 'AES256')).rejects.toThrow(
      /reports x-amz-server-side-encryption: aws:kms/,
    );
  });

  it('stops at a refused PutBucketEncryption (a gateway without keys answers 501)', async () => {
    const { client, seen } = await fakeS3(() => [501]);
    const error: unknown = await enableBucketEncryption(client, 'b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3HttpError);
    expect((error as S3HttpError).status).toBe(501);
    expect(calls(seen)).toEqual(['PUT /b?encryption=']);
  });
});
