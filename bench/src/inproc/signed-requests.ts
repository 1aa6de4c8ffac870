import { createHash, createHmac } from 'node:crypto';
import { canonicalQuery, encodeKeyPath } from '../sigv4-signer.js';

/** A request as `createSigV4Verifier().verify()` takes it, plus what its signature was over. */
export type SignedRequest = {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The canonical request the signature covers (its SHA-256 ends the string to sign). */
  readonly canonicalRequest: string;
  /** The string to sign without its last line (algorithm, date, scope). */
  readonly stringToSignPrefix: string;
  readonly signingKey: Buffer;
  readonly signature: string;
};

/** An access key the requests are signed with. */
export type BenchKey = { readonly accessKeyId: string; readonly secretAccessKey: string };

const REGION = 'us-east-1';
const HOST = 's3.bench.local:9000';
/** SigV4 never signs these (AWS SDK v3's list; `user-agent` is what proxies rewrite). */
const UNSIGNED = new Set(['user-agent', 'expect']);

/** The derived `kSigning` key for one day, region and service `s3`. */
export function deriveSigningKey(secret: string, date: string, region = REGION): Buffer {
  const hmac = (key: string | Buffer, data: string): Buffer =>
    createHmac('sha256', key).update(data).digest();
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request');
}

/** What to sign: method, object key (empty for the bucket), query, extra headers, payload hash. */
export type RequestSpec = {
  method: string;
  key: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  payloadHash: string;
};

/**
 * Signs one request the way AWS SDK v3 does: every header but `user-agent` signed (SDK
 * invocation ids, content headers, `x-amz-*`), path-style, the canonical URI the percent-encoded
 * path as sent. Written here (not `@smithy/signature-v4`) so the bench has no signer dependency;
 * the verifier accepting every request is the check that both agree.
 */
export function signRequest(spec: RequestSpec, key: BenchKey, now: Date): SignedRequest {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const path = encodeKeyPath(spec.key === '' ? '/bench' : `/bench/${spec.key}`);
  const query = canonicalQuery(spec.query);
  const headers: Record<string, string> = {
    host: HOST,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': spec.payloadHash,
    'user-agent': 'aws-sdk-js/3.730.0 ua/2.1 os/linux lang/js md/nodejs#20.20.2 api/s3#3.730.0',
    'x-amz-user-agent': 'aws-sdk-js/3.730.0',
    'amz-sdk-invocation-id': `b1f0c4e2-6d1a-4b8e-9c3f-${String(Math.abs(hashCode(spec.key)))
      .padStart(12, '0')
      .slice(0, 12)}`,
    'amz-sdk-request': 'attempt=1; max=3',
    ...spec.headers,
  };
  const signed = Object.keys(headers)
    .filter((h) => !UNSIGNED.has(h))
    .sort();
  const canonicalRequest = [
    spec.method,
    path,
    query,
    signed.map((h) => `${h}:${(headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`).join(''),
    signed.join(';'),
    spec.payloadHash,
  ].join('\n');
  const scope = `${date}/${REGION}/s3/aws4_request`;
  const stringToSignPrefix = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n`;
  const signingKey = deriveSigningKey(key.secretAccessKey, date);
  const digest = createHash('sha256').update(canonicalRequest).digest('hex');
  const signature = createHmac('sha256', signingKey)
    .update(stringToSignPrefix + digest)
    .digest('hex');
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${key.accessKeyId}/${scope}, ` +
    `SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return {
    method: spec.method,
    path,
    query,
    headers,
    canonicalRequest,
    stringToSignPrefix,
    signingKey,
    signature,
  };
}

function hashCode(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

const KEYS = [
  'photos/2024/07/IMG_0001.jpg',
  'docs/quarterly report (final v2).pdf',
  'data/ünïcödé/файл-名前.txt',
  'a+b=c&d~e!$@;,.csv',
  `logs/${'deep/'.repeat(20)}app-2024-07-01T12:00:00Z.log.gz`,
  'backup/db.sql.zst',
  'index.html',
  'tmp/spaces  and\ttabs.bin',
];

/**
 * A realistic mix of header-signed requests, `count` in all, signed now by `keys` in turn: GET,
 * HEAD, PUT (with content type, length, user metadata and a hex payload hash or
 * `UNSIGNED-PAYLOAD`), DELETE and ListObjectsV2, over keys with spaces, unicode and reserved
 * characters.
 */
export function signedRequestMix(count: number, keys: readonly BenchKey[]): SignedRequest[] {
  const now = new Date();
  const out: SignedRequest[] = [];
  for (let i = 0; i < count; i++) {
    const key = keys[i % keys.length];
    const objectKey = KEYS[i % KEYS.length] ?? 'k';
    if (key === undefined) throw new Error('signedRequestMix needs at least one key');
    out.push(signRequest(specOf(i, objectKey), key, now));
  }
  return out;
}

function specOf(i: number, key: string): RequestSpec {
  const unsigned = 'UNSIGNED-PAYLOAD';
  switch (i % 5) {
    case 0:
      return { method: 'GET', key, payloadHash: unsigned, headers: { range: 'bytes=0-1023' } };
    case 1:
      return { method: 'HEAD', key, payloadHash: unsigned };
    case 2:
      return {
        method: 'PUT',
        key,
        payloadHash: createHash('sha256').update(`body ${i}`).digest('hex'),
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(6 + String(i).length),
          'content-md5': createHash('md5').update(`body ${i}`).digest('base64'),
          'x-amz-meta-owner': 'bench user',
          'x-amz-meta-origin': `run-${i}`,
          'x-amz-checksum-crc32': 'AAAAAA==',
          'x-amz-sdk-checksum-algorithm': 'CRC32',
        },
      };
    case 3:
      return { method: 'DELETE', key, payloadHash: unsigned, query: { versionId: `v${i}` } };
    default:
      return {
        method: 'GET',
        key: '',
        payloadHash: unsigned,
        query: { 'list-type': '2', prefix: key.slice(0, 6), delimiter: '/', 'max-keys': '1000' },
      };
  }
}
