import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { failure, NOW, verifier } from './testing/verifier-fixtures.js';
import {
  ACCESS_KEY,
  createRandom,
  createSigner,
  objectPath,
  signAll,
  signHeader,
  type QueryInput,
  type RequestSpec,
} from './testing/smithy-signer.js';
import type { VerifiableRequest } from './verifiable-request.js';

// Fragments that stress encoding: RFC 3986 reserved and unreserved characters, '%', '+',
// spaces, multi-byte UTF-8 (2, 3 and 4 bytes), dot segments and empty segments.
const FRAGMENTS = [
  'a',
  'Z',
  '0',
  '-',
  '_',
  '.',
  '~',
  ' ',
  '+',
  '%',
  '&',
  '=',
  '?',
  '#',
  '!',
  "'",
  '(',
  ')',
  '*',
  ',',
  ';',
  ':',
  '@',
  '$',
  'é',
  '日本',
  '😀',
  '/',
  '//',
  '..',
  '\\',
  '^',
  '`',
  '{',
  '}',
  '|',
  '[',
  ']',
  '"',
  '<',
  '>',
  '%20',
];
const QUERY_NAMES = [
  'prefix',
  'delimiter',
  'list-type',
  'marker',
  'x-id',
  'uploadId',
  'partNumber',
  'versionId',
  'response-content-disposition',
  'max-keys',
  'a b',
  'ü',
  '+plus',
  'tag=eq',
  'uploads',
  'acl',
  '~tilde',
];
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];
const PAYLOADS = [
  'UNSIGNED-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  createHash('sha256').update('hello').digest('hex'),
];

function randomSpec(rand: () => number): RequestSpec {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const text = (max: number, min = 0): string => {
    let s = '';
    const n = min + Math.floor(rand() * (max - min + 1));
    for (let i = 0; i < n; i++) s += pick(FRAGMENTS);
    return s;
  };
  const query: QueryInput = {};
  for (let i = Math.floor(rand() * 5); i > 0; i--) {
    const name = pick(QUERY_NAMES);
    query[name] = rand() < 0.25 ? [text(4), text(4), ''] : rand() < 0.3 ? '' : text(6);
  }
  const headers: Record<string, string> = {
    host: rand() < 0.5 ? 'bucket.s3.example.com' : 'localhost:9000',
    'x-amz-content-sha256': pick(PAYLOADS),
    'user-agent': 'oracle-test/1.0',
  };
  if (rand() < 0.5)
    headers['x-amz-meta-note'] =
      `  folded \t value   with  runs ${text(2).replace(/[^\x20-\x7e]/g, '')} `;
  if (rand() < 0.5) headers['content-type'] = 'text/plain;   charset=utf-8';
  if (rand() < 0.3) headers.range = 'bytes=0-99';
  if (rand() < 0.3) headers['x-amz-meta-empty'] = '';
  return { method: pick(METHODS), path: objectPath('bucket', text(10, 1)), query, headers };
}

function tamperings(req: VerifiableRequest): [string, VerifiableRequest][] {
  const sigField = req.headers.authorization !== undefined ? 'header' : 'query';
  const flipLast = (s: string): string => s.slice(0, -1) + (s.endsWith('0') ? '1' : '0');
  const out: [string, VerifiableRequest][] = [
    ['method', { ...req, method: req.method === 'GET' ? 'PUT' : 'GET' }],
    ['path', { ...req, path: `${req.path}x` }],
    ['query', { ...req, query: req.query === '' ? 'extra=1' : `${req.query}&extra=1` }],
    ['host', { ...req, headers: { ...req.headers, host: `x${String(req.headers.host)}` } }],
  ];
  if (sigField === 'header') {
    const date = String(req.headers['x-amz-date']);
    out.push([
      'date',
      {
        ...req,
        headers: {
          ...req.headers,
          'x-amz-date': date.replace(/\dZ$/, (m) => (m[0] === '0' ? '1Z' : '0Z')),
        },
      },
    ]);
    out.push([
      'signature',
      {
        ...req,
        headers: { ...req.headers, authorization: flipLast(String(req.headers.authorization)) },
      },
    ]);
  } else {
    out.push([
      'signature',
      {
        ...req,
        query: req.query.replace(
          /(X-Amz-Signature=[0-9a-f]*)([0-9a-f])/,
          (_m, a: string, b: string) => a + (b === '0' ? '1' : '0'),
        ),
      },
    ]);
    out.push([
      'expires',
      { ...req, query: req.query.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=901') },
    ]);
  }
  return out;
}

describe('createSigV4Verifier: oracle against @smithy/signature-v4', () => {
  const signer = createSigner();
  const v = verifier();

  it('accepts 300 randomized header-signed requests and rejects every tampered copy', async () => {
    const seeds = Array.from({ length: 300 }, (_, i) => i + 1);
    const jobs = seeds.map((seed) => {
      const rand = createRandom(seed);
      const spec = randomSpec(rand);
      const signingDate = new Date(NOW.getTime() - Math.floor(rand() * 60_000));
      return { signer, mode: 'header' as const, spec, signingDate, rand };
    });
    const requests = signAll(jobs);
    for (const [i, req] of requests.entries()) {
      const seed = seeds[i]!;
      const result = await v.verify(req).catch((err: unknown) => {
        throw new Error(`seed ${seed}: ${JSON.stringify(req)} → ${String(err)}`);
      });
      expect(result.accessKeyId).toBe(ACCESS_KEY);
      expect(result.method).toBe('header');
      expect(result.signing?.seedSignature).toBe(
        /Signature=([0-9a-f]{64})/.exec(String(req.headers.authorization))?.[1],
      );
      for (const [what, tampered] of tamperings(req)) {
        const err = await failure(v.verify(tampered));
        expect([seed, what, err.code]).toEqual([seed, what, 'SignatureDoesNotMatch']);
      }
    }
  });

  it('accepts 200 randomized presigned URLs and rejects every tampered copy', async () => {
    const seeds = Array.from({ length: 200 }, (_, i) => i + 1000);
    const jobs = seeds.map((seed) => {
      const rand = createRandom(seed);
      const spec = randomSpec(rand);
      delete spec.headers['x-amz-content-sha256'];
      const signingDate = new Date(NOW.getTime() - Math.floor(rand() * 60_000));
      return { signer, mode: 'presign' as const, spec, signingDate, expiresIn: 900, rand };
    });
    const requests = signAll(jobs);
    for (const [i, req] of requests.entries()) {
      const seed = seeds[i]!;
      const signingDate = jobs[i]!.signingDate;
      const result = await v.verify(req).catch((err: unknown) => {
        throw new Error(`seed ${seed}: ${JSON.stringify(req)} → ${String(err)}`);
      });
      expect(result.method).toBe('presigned');
      expect(result.payload).toEqual({ kind: 'unsigned' });
      expect(result.expiresAt).toEqual(
        new Date(Math.floor(signingDate.getTime() / 1000) * 1000 + 900_000),
      );
      for (const [what, tampered] of tamperings(req)) {
        const err = await failure(v.verify(tampered));
        expect([seed, what, err.code]).toEqual([seed, what, 'SignatureDoesNotMatch']);
      }
    }
  });

  it('reports the payload mode from x-amz-content-sha256', async () => {
    const expectations = {
      'UNSIGNED-PAYLOAD': { kind: 'unsigned' },
      'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': { kind: 'streaming-signed' },
      'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': { kind: 'streaming-signed-trailer' },
      'STREAMING-UNSIGNED-PAYLOAD-TRAILER': { kind: 'streaming-unsigned-trailer' },
      [PAYLOADS[4]!.toUpperCase()]: { kind: 'sha256', hex: PAYLOADS[4] },
    };
    for (const [value, mode] of Object.entries(expectations)) {
      const req = signHeader(
        signer,
        { method: 'PUT', path: '/b/k', headers: { host: 'h', 'x-amz-content-sha256': value } },
        NOW,
      );
      expect((await v.verify(req)).payload).toEqual(mode);
    }
  });

  it('accepts a path sent with different but equivalent escapes than were signed', async () => {
    // Signed as RFC 3986 prescribes, sent with `%7e` and lower-case hex (as some proxies do):
    // both decode to the same key.
    const req = signHeader(
      signer,
      {
        method: 'GET',
        path: '/b/a~b%C3%A9',
        headers: { host: 'h', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      NOW,
    );
    await expect(v.verify(req)).resolves.toMatchObject({ accessKeyId: ACCESS_KEY });
    await expect(v.verify({ ...req, path: '/b/a%7eb%c3%a9' })).resolves.toMatchObject({
      accessKeyId: ACCESS_KEY,
    });
    // Signed exactly as sent (the S3 rule), whatever the escapes.
    const raw = signHeader(
      signer,
      {
        method: 'GET',
        path: '/b/a%7eb%c3%a9',
        headers: { host: 'h', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      NOW,
    );
    await expect(v.verify(raw)).resolves.toMatchObject({ accessKeyId: ACCESS_KEY });
    // A different key is still a mismatch.
    expect((await failure(v.verify({ ...req, path: '/b/a%7eb%c3%a8' }))).code).toBe(
      'SignatureDoesNotMatch',
    );
  });

  it('compares hex signatures case-insensitively and chains chunks from the lower-case form', async () => {
    const req = signHeader(
      signer,
      {
        method: 'PUT',
        path: '/b/k',
        headers: { host: 'h', 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' },
      },
      NOW,
    );
    const auth = String(req.headers.authorization);
    const signature = /Signature=([0-9a-f]{64})/.exec(auth)![1]!;
    const upper = auth.replace(signature, signature.toUpperCase());
    const result = await v.verify({ ...req, headers: { ...req.headers, authorization: upper } });
    expect(result.signing?.seedSignature).toBe(signature);
    const presigned = signAll([
      {
        signer,
        mode: 'presign',
        spec: { method: 'GET', path: '/b/k', headers: { host: 'h' } },
        signingDate: NOW,
      },
    ])[0]!;
    const query = presigned.query.replace(
      /(X-Amz-Signature=)([0-9a-f]{64})/,
      (_m, a: string, b: string) => a + b.toUpperCase(),
    );
    await expect(v.verify({ ...presigned, query })).resolves.toMatchObject({ method: 'presigned' });
  });

  it('accepts repeated signed headers given as arrays and joins them with a comma', async () => {
    const req = signHeader(
      signer,
      {
        method: 'GET',
        path: '/b/k',
        headers: {
          host: 'h',
          'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
          'x-amz-meta-list': 'a,b',
        },
      },
      NOW,
    );
    await expect(
      v.verify({ ...req, headers: { ...req.headers, 'x-amz-meta-list': ['a', ' b '] } }),
    ).resolves.toBeDefined();
  });
});
