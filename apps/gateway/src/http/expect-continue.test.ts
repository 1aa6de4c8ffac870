import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { Sha256 } from '@strata/sigv4-verify/testing';
import { TEST_KEY, useTestGateway } from '../testing/test-gateway.js';
import { deferContinue } from './expect-continue.js';

// `Expect: 100-continue` on a real socket: the gateway sends `100 Continue` only once the request
// is authenticated and authorized and its handler wants the body, so a request with a bad
// signature or an unknown key gets its 403 while the client still holds the body back (RFC 9110
// §10.1.1), and never sends it. A good request gets 100, then its answer. On both metastores.

const postgres = await usePostgresTestDatabase();

const DATA = Buffer.from('sent only after 100 Continue');

/** A presigned PUT URL of `/cont/k` for `server`, signed with `secretAccessKey`. */
async function presignedPut(server: Server, accessKeyId: string, secretAccessKey: string) {
  const { port } = server.address() as AddressInfo;
  const signer = new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey },
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.presign(
    new HttpRequest({
      method: 'PUT',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: '/cont/k',
      // As presigners of S3 URLs do: the body is not part of the signature.
      headers: { host: `127.0.0.1:${port}`, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    }),
    { expiresIn: 300 },
  );
  const query = new URLSearchParams(
    Object.entries(signed.query ?? {}).map(([k, v]): [string, string] => [k, String(v ?? '')]),
  );
  return `http://127.0.0.1:${port}/cont/k?${query.toString()}`;
}

/** A PUT that sends its body only on `100 Continue`: whether it did, the answer and its body. */
async function putExpectingContinue(url: string) {
  const req = httpRequest(url, {
    method: 'PUT',
    headers: { 'content-length': String(DATA.length), expect: '100-continue' },
  });
  let continued = false;
  req.once('continue', () => {
    continued = true;
    req.end(DATA);
  });
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  // A client that got its answer without 100 never sends the body; let the socket go.
  if (!continued) req.destroy();
  return { continued, status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') };
}

for (const dialect of TEST_DIALECTS) {
  describe(`Expect: 100-continue on a real socket on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres });
    let server: Server;

    beforeEach(async () => {
      expect((await gateway().send({ method: 'PUT', path: '/cont' })).status).toBe(200);
      server = createAdaptorServer({ fetch: gateway().app.fetch }) as Server;
      deferContinue(server);
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    });

    it('a bad signature: 403 SignatureDoesNotMatch before 100, the body never sent', async () => {
      const url = await presignedPut(server, TEST_KEY.accessKeyId, 'not-the-secret-0123456789');
      const res = await putExpectingContinue(url);
      expect(res.continued).toBe(false);
      expect(res.status).toBe(403);
      expect(res.body).toContain('<Code>SignatureDoesNotMatch</Code>');
      expect((await gateway().send({ method: 'HEAD', path: '/cont/k' })).status).toBe(404);
    });

    it('an unknown access key: 403 InvalidAccessKeyId before 100', async () => {
      const url = await presignedPut(server, 'AKIDUNKNOWN000000000', TEST_KEY.secretAccessKey);
      const res = await putExpectingContinue(url);
      expect(res.continued).toBe(false);
      expect(res.status).toBe(403);
      expect(res.body).toContain('<Code>InvalidAccessKeyId</Code>');
    });

    it('a good signature: 100 Continue, then the body is stored', async () => {
      const url = await presignedPut(server, TEST_KEY.accessKeyId, TEST_KEY.secretAccessKey);
      const res = await putExpectingContinue(url);
      expect(res, res.body).toMatchObject({ continued: true, status: 200 });
      const got = await gateway().send({ path: '/cont/k' });
      expect(await got.text()).toBe(DATA.toString('utf8'));
    });
  });
}
