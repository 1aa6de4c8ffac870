import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SigV4Error } from './sigv4-error.js';
import { fuzzRuns, type ValueOf } from './testing/fuzz.js';
import {
  headerAuthMutations,
  presignedMutations,
  type Mutation,
} from './testing/one-byte-mutations.js';
import { ACCESS_KEY, REGION, SECRET, createRandom, escapeUri } from './testing/smithy-signer.js';
import { NOW, verifier } from './testing/verifier-fixtures.js';
import type { VerifiableRequest } from './verifiable-request.js';

// Oracle: @smithy/signature-v4 (configured as the S3 client configures it) signs random
// requests; what a Node server would receive from them must verify, and every one-byte change of
// a signed part must be refused with the code AWS answers (worked out by one-byte-mutations.ts).

const numRuns = fuzzRuns(150);
const v = verifier();
const signer = new SignatureV4({
  service: 's3',
  region: REGION,
  credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET },
  sha256: Sha256,
  uriEscapePath: false,
  applyChecksum: false,
});

// Fragments that stress encoding: reserved and unreserved characters, `%`, `+`, spaces, UTF-8
// of 2, 3 and 4 bytes, dot segments, empty segments.
const FRAGMENTS = [...'aZ0-_.~ +%&=?#!\'()*,;:@$/\\^`{}|[]"<>'].concat([
  'é',
  '日本',
  '😀',
  '//',
  '..',
  '%20',
  '%2F',
  '%zz',
]);
const text = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    ),
    maxLength,
  });

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
// Characters a client may leave raw in a query component: never `&`, `=`, `+`, `%`, `#`, space,
// nor `'` (one bit away from `&`, which would re-split the query when a test flips it).
const RAW_IN_QUERY = new Set([...'!$()*,;:@/?']);

/**
 * `text` percent-encoded the many ways a client may do it: unreserved characters raw or escaped,
 * safe ones raw, hex digits upper or lower case. All decode to the same bytes.
 */
function wireEncode(value: string, choices: readonly number[]): string {
  let out = '';
  let i = 0;
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    const choice = choices[i++ % Math.max(1, choices.length)] ?? 0;
    const hex = byte.toString(16).toUpperCase().padStart(2, '0');
    if ((UNRESERVED.test(ch) || RAW_IN_QUERY.has(ch)) && choice % 3 !== 2) out += ch;
    else out += `%${choice % 2 === 0 ? hex : hex.toLowerCase()}`;
  }
  return out;
}

// Parameters that would turn the request into a presigned or SigV2 one (or clash with smithy's).
const RESERVED_QUERY = /^(x-amz-|signature$|awsaccesskeyid$|expires$)/i;
const QUERY_NAMES = ['prefix', 'delimiter', 'list-type', 'uploadId', 'partNumber', 'versionId'];

interface QueryEntry {
  name: string;
  values: string[];
}

const queryEntries: fc.Arbitrary<QueryEntry[]> = fc.uniqueArray(
  fc.record({
    name: fc
      .oneof(fc.constantFrom(...QUERY_NAMES), text(6))
      .filter((n) => n !== '' && !RESERVED_QUERY.test(n)),
    // Repeated names (two or three values) and empty values.
    values: fc.oneof(
      { weight: 3, arbitrary: text(8).map((t) => [t]) },
      { weight: 1, arbitrary: fc.array(text(5), { minLength: 2, maxLength: 3 }) },
    ),
  }),
  { selector: (e) => e.name, maxLength: 5 },
);

/** How the query goes on the wire: its order, encodings and `name` instead of `name=`. */
const wireShape = fc.record({
  order: fc.array(fc.nat(), { maxLength: 12 }),
  encoding: fc.array(fc.nat(), { maxLength: 8 }),
  bareEmpty: fc.boolean(),
});

function wireQuery(
  query: Record<string, string | string[]>,
  shape: ValueOf<typeof wireShape>,
): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    // The presign parameters (and hoisted x-amz-* headers) go as smithy writes them: the
    // verifier spots a presigned URL by the literal `X-Amz-Algorithm=`, and no client escapes
    // its `-` (an escaped one makes the URL anonymous, so AccessDenied: fails closed).
    const encode = RESERVED_QUERY.test(name)
      ? escapeUri
      : (t: string) => wireEncode(t, shape.encoding);
    for (const v of Array.isArray(value) ? value : [value]) {
      parts.push(v === '' && shape.bareEmpty ? encode(name) : `${encode(name)}=${encode(v)}`);
    }
  }
  const keys = parts.map((_, i) => shape.order[i] ?? i);
  return parts
    .map((p, i) => [keys[i]!, p] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, p]) => p)
    .join('&');
}

/** A path as an SDK sends it (each key segment escaped), or raw with any wire-legal characters. */
const path = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('bucket', 'my.bucket', 'b-1'),
      text(12).filter((k) => k !== ''),
    )
    .map(([bucket, key]) => `/${bucket}/${key.split('/').map(escapeUri).join('/')}`),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(..."aZ9-._~!$&'()*+,;=:@/", '//', '%7e', '%7E', '%C3%A9', '%', '%2'),
        fc.string({ unit: 'grapheme-ascii', maxLength: 3 }).map((s) => escapeUri(s)),
      ),
      { minLength: 1, maxLength: 12 },
    )
    .map((pieces) => `/${pieces.join('')}`),
);

const HEADER_NAMES = ['Content-Type', 'Range', 'If-Match', 'X-Amz-Meta-Note', 'x-amz-meta-a_b'];
// Names smithy generates, never signs, or that carry the signature itself.
const RESERVED_HEADER =
  /^(host|authorization|date|x-amz-date|x-amz-content-sha256|x-amz-security-token|content-length|user-agent|expect|te|trailer|upgrade|connection|keep-alive|transfer-encoding|proxy-.*|sec-.*)$/i;

/** A header value as an HTTP parser delivers it: no leading or trailing space or tab. */
const headerValue = fc
  .string({
    unit: fc.oneof(
      { weight: 8, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
      { weight: 2, arbitrary: fc.constantFrom('  ', ' \t ', '\t', ',', ';') },
      // obs-text: Node reads bytes 0x80-0xFF of a header as latin1 characters.
      {
        weight: 1,
        arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
      },
    ),
    maxLength: 20,
  })
  .map((s) => s.replace(/^[ \t]+|[ \t]+$/g, ''));

interface HeaderEntry {
  /** As the client spells it (mixed case); the server sees it lower-cased. */
  name: string;
  /** One value, or a repeated header (Node's `headersDistinct` array). */
  values: string[];
  /** Spaces and tabs around the value given to the signer (a client may send them). */
  pad: string;
}

const headerEntries: fc.Arbitrary<HeaderEntry[]> = fc.uniqueArray(
  fc.record({
    name: fc
      .oneof(
        fc.constantFrom(...HEADER_NAMES),
        fc
          .tuple(
            fc.constantFrom('x-amz-meta-', 'X-Custom-', 'x-'),
            fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/),
          )
          .map(([p, s]) => p + s),
      )
      .filter((n) => !RESERVED_HEADER.test(n)),
    values: fc.oneof(
      { weight: 4, arbitrary: headerValue.map((h) => [h]) },
      { weight: 1, arbitrary: fc.array(headerValue, { minLength: 2, maxLength: 3 }) },
    ),
    pad: fc.constantFrom('', ' ', '  ', '\t'),
  }),
  { selector: (h) => h.name.toLowerCase(), maxLength: 5 },
);

const PAYLOADS = [
  'UNSIGNED-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
];

const requestSpec = fc.record({
  method: fc.oneof(
    fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD'),
    fc.stringMatching(/^[A-Z]{1,8}$/),
  ),
  path,
  query: queryEntries,
  headers: headerEntries,
  host: fc.constantFrom('bucket.s3.example.com', 'localhost:9000', 'h'),
  payload: fc.constantFrom(...PAYLOADS),
  /** Seconds before the server clock the request was signed. */
  age: fc.integer({ min: 0, max: 60 }),
  wire: wireShape,
  /** Seed of the positions one-byte-mutations.ts picks. */
  seed: fc.nat(),
});

type Spec = ValueOf<typeof requestSpec>;

/** Signs `spec` with smithy and returns what a Node server receives. */
async function signed(spec: Spec, mode: 'header' | 'presign'): Promise<VerifiableRequest> {
  const query: Record<string, string | string[]> = {};
  for (const q of spec.query) query[q.name] = q.values.length === 1 ? q.values[0]! : q.values;
  const headers: Record<string, string> = { host: spec.host };
  // As @aws-sdk/s3-request-presigner does (and spells it): a presigned URL's payload is
  // UNSIGNED-PAYLOAD, hoisted into the query as `X-Amz-Content-Sha256`.
  if (mode === 'presign') headers['X-Amz-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  else headers['x-amz-content-sha256'] = spec.payload;
  // A repeated header is signed as its values joined with `,` (SigV4's rule for repeats).
  for (const h of spec.headers) headers[h.name] = h.pad + h.values.join(',') + h.pad;
  const request = new HttpRequest({
    method: spec.method,
    protocol: 'https:',
    hostname: spec.host,
    path: spec.path,
    query,
    headers,
  });
  const signingDate = new Date(NOW.getTime() - spec.age * 1000);
  const out =
    mode === 'presign'
      ? await signer.presign(request, { signingDate, expiresIn: 900 })
      : await signer.sign(request, { signingDate });
  const wireHeaders: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(out.headers)) {
    wireHeaders[name.toLowerCase()] = value.replace(/^[ \t]+|[ \t]+$/g, '');
  }
  for (const h of spec.headers) {
    if (h.values.length > 1 && wireHeaders[h.name.toLowerCase()] !== undefined) {
      wireHeaders[h.name.toLowerCase()] = h.values;
    }
  }
  return {
    method: out.method,
    path: out.path,
    query: wireQuery(out.query as Record<string, string | string[]>, spec.wire),
    headers: wireHeaders,
  };
}

async function refusal(req: VerifiableRequest): Promise<string | undefined> {
  try {
    await v.verify(req);
    return undefined;
  } catch (err) {
    expect(SigV4Error.is(err), `not a SigV4Error: ${String(err)}`).toBe(true);
    return (err as SigV4Error).code;
  }
}

async function expectMutations(mutations: Mutation[]): Promise<void> {
  const got: [string, string | undefined][] = [];
  for (const m of mutations) got.push([m.part, await refusal(m.request)]);
  expect(got).toEqual(mutations.map((m) => [m.part, m.expected]));
}

describe('createSigV4Verifier: fuzzed against @smithy/signature-v4', () => {
  it('accepts every header-signed request and refuses every one-byte change of a signed part', async () => {
    const codes = new Set<string | undefined>();
    await fc.assert(
      fc.asyncProperty(requestSpec, async (spec) => {
        const req = await signed(spec, 'header');
        const auth = await v.verify(req);
        expect([auth.method, auth.accessKeyId]).toEqual(['header', ACCESS_KEY]);
        const mutations = headerAuthMutations(req, {
          now: NOW.getTime(),
          accessKeyId: ACCESS_KEY,
          rand: createRandom(spec.seed),
        });
        for (const m of mutations) codes.add(m.expected);
        await expectMutations(mutations);
      }),
      { numRuns },
    );
    // The changes reached signed parts (a mismatch) and unsigned ones (still accepted).
    expect(codes).toContain('SignatureDoesNotMatch');
    expect(codes).toContain('InvalidAccessKeyId');
  });

  it('accepts every presigned URL and refuses every one-byte change of a signed part', async () => {
    await fc.assert(
      fc.asyncProperty(requestSpec, async (spec) => {
        const req = await signed(spec, 'presign');
        const auth = await v.verify(req);
        expect([auth.method, auth.accessKeyId]).toEqual(['presigned', ACCESS_KEY]);
        await expectMutations(
          presignedMutations(req, {
            now: NOW.getTime(),
            accessKeyId: ACCESS_KEY,
            rand: createRandom(spec.seed),
          }),
        );
      }),
      { numRuns },
    );
  });

  it('refuses a request whose path, query or header differs by one character from what was signed', async () => {
    // Independent of one-byte-mutations.ts: append a character to each signed element.
    await fc.assert(
      fc.asyncProperty(
        requestSpec,
        fc.constantFrom('path', 'query', 'host', 'method', 'header'),
        fc.constantFrom('a', '0', '%41', '~'),
        async (spec, part, extra) => {
          const req = await signed(spec, 'header');
          const changed: VerifiableRequest =
            part === 'path'
              ? { ...req, path: req.path + extra }
              : part === 'query'
                ? { ...req, query: req.query === '' ? `x${extra}` : `${req.query}${extra}` }
                : part === 'method'
                  ? { ...req, method: req.method + extra.replace(/\W/g, 'A').toUpperCase() }
                  : part === 'host'
                    ? {
                        ...req,
                        headers: { ...req.headers, host: `${String(req.headers.host)}${extra}` },
                      }
                    : {
                        ...req,
                        headers: { ...req.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOADX' },
                      };
          const code = await refusal(changed);
          expect(code).toBe(part === 'header' ? 'InvalidArgument' : 'SignatureDoesNotMatch');
        },
      ),
      { numRuns },
    );
  });
});
