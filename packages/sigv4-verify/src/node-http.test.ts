// End to end through a real node:http server (the README example): the raw request line,
// Node's header parsing and a streamed body, with requests signed by @smithy/signature-v4.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBodyDecoder } from './create-body-decoder.js';
import { createSigV4Verifier } from './create-sigv4-verifier.js';
import { SigV4Error } from './sigv4-error.js';
import { encodeAwsChunked } from './testing/aws-chunked-encoder.js';
import {
  ACCESS_KEY,
  REGION,
  SECRET,
  createSigner,
  objectPath,
  signAll,
  type RequestSpec,
} from './testing/smithy-signer.js';
import type { VerifiableRequest } from './verifiable-request.js';

const verifier = createSigV4Verifier({
  region: REGION,
  lookup: (id) => (id === ACCESS_KEY ? { accessKeyId: id, secretAccessKey: SECRET } : undefined),
});

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const auth = await verifier.verify({
      method: req.method ?? 'GET',
      path: q < 0 ? url : url.slice(0, q),
      query: q < 0 ? '' : url.slice(q + 1),
      headers: req.headersDistinct,
    });
    const body = createBodyDecoder({ auth, headers: req.headersDistinct });
    const sha = createHash('sha256');
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        sha.update(chunk);
        callback();
      },
    });
    await pipeline(req, body.stream, sink);
    res.end(
      JSON.stringify({ bytes: body.bytes, sha256: sha.digest('hex'), checksums: body.checksums() }),
    );
  } catch (err) {
    if (!SigV4Error.is(err)) throw err;
    req.resume();
    res.writeHead(err.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: err.code }));
  }
}

let server: Server;
let host: string;

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function send(
  req: VerifiableRequest,
  body?: Buffer,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers[name] = value;
    if (body) headers['content-length'] = String(body.length);
    const [hostname, port] = host.split(':') as [string, string];
    const r = request(
      {
        hostname,
        port,
        method: req.method,
        path: req.query ? `${req.path}?${req.query}` : req.path,
        headers,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(Buffer.concat(parts).toString()) as Record<string, unknown>,
          }),
        );
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

const signingKey = (date: string): Buffer => {
  let key = createHmac('sha256', `AWS4${SECRET}`).update(date).digest();
  for (const part of [REGION, 's3', 'aws4_request'])
    key = createHmac('sha256', key).update(part).digest();
  return key;
};

describe('a node:http server verifying SigV4', () => {
  const signer = createSigner();
  const data = randomBytes(100_000);
  const sha = createHash('sha256').update(data).digest('hex');
  const key = 'dir/with space+plus&amp=eq~tilde/日本語 😀.txt';

  it('accepts an unsigned-trailer upload, a signed-chunk upload and a presigned GET', async () => {
    const checksum = createHash('sha256').update(data).digest('base64');
    const specs: RequestSpec[] = [
      {
        method: 'PUT',
        path: objectPath('bucket', key),
        query: { 'x-id': 'PutObject' },
        headers: {
          host,
          'content-encoding': 'aws-chunked',
          'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
          'x-amz-decoded-content-length': String(data.length),
          'x-amz-trailer': 'x-amz-checksum-sha256',
          'x-amz-sdk-checksum-algorithm': 'SHA256',
        },
      },
      {
        method: 'PUT',
        path: objectPath('bucket', key),
        query: { partNumber: '1', uploadId: 'abc/def==' },
        headers: {
          host,
          'content-encoding': 'aws-chunked',
          'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
          'x-amz-decoded-content-length': String(data.length),
        },
      },
    ];
    const now = new Date();
    const [trailerReq, signedReq, presigned] = signAll([
      { signer, mode: 'header', spec: specs[0]!, signingDate: now },
      { signer, mode: 'header', spec: specs[1]!, signingDate: now },
      {
        signer,
        mode: 'presign',
        spec: {
          method: 'GET',
          path: objectPath('bucket', key),
          query: { 'response-content-type': 'a b+c' },
          headers: { host },
        },
        signingDate: now,
      },
    ]);

    const unsigned = await send(
      trailerReq!,
      encodeAwsChunked(data, [8192], { trailers: [['x-amz-checksum-sha256', checksum]] }),
    );
    expect(unsigned).toEqual({
      status: 200,
      json: { bytes: data.length, sha256: sha, checksums: { SHA256: checksum } },
    });

    const seedSignature = /Signature=([0-9a-f]{64})/.exec(
      String(signedReq!.headers.authorization),
    )![1]!;
    const datetime = String(signedReq!.headers['x-amz-date']);
    const signing = {
      signingKey: signingKey(datetime.slice(0, 8)),
      scope: `${datetime.slice(0, 8)}/${REGION}/s3/aws4_request`,
      datetime,
      seedSignature,
    };
    const signedBody = encodeAwsChunked(data, [65_536], { signing });
    expect(await send(signedReq!, signedBody)).toEqual({
      status: 200,
      json: { bytes: data.length, sha256: sha, checksums: {} },
    });
    const tampered = Buffer.from(signedBody);
    tampered[200] = tampered[200]! ^ 0xff;
    expect(await send(signedReq!, tampered)).toEqual({
      status: 403,
      json: { code: 'SignatureDoesNotMatch' },
    });

    expect(await send(presigned!)).toMatchObject({ status: 200, json: { bytes: 0 } });
    expect(await send({ ...presigned!, path: presigned!.path.replace('bucket', 'other') })).toEqual(
      { status: 403, json: { code: 'SignatureDoesNotMatch' } },
    );
  });
});
