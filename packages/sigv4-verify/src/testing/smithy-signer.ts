// Test support (excluded from the build): signs requests with the AWS SDK's own signer, the
// oracle every verification test compares against, and turns them into wire-form requests.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { VerifiableRequest } from '../verifiable-request.js';
import { ACCESS_KEY, REGION, SECRET } from './test-credentials.js';

export { ACCESS_KEY, REGION, SECRET };

/** smithy's `escapeUri`: encodeURIComponent plus `!'()*`. */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** An S3 object path as the SDK puts it on the wire: each key segment escaped, `/` kept. */
export function objectPath(bucket: string, key: string): string {
  return `/${bucket}/${key.split('/').map(escapeUri).join('/')}`;
}

export type QueryInput = Record<string, string | string[]>;

/** Serialize a query like smithy's `buildQueryString`, optionally shuffled and with bare names. */
export function wireQuery(query: QueryInput, rand: () => number = () => 0.99): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      parts.push(v === '' && rand() < 0.5 ? escapeUri(name) : `${escapeUri(name)}=${escapeUri(v)}`);
    }
  }
  for (let i = parts.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  }
  return parts.join('&');
}

export interface RequestSpec {
  method: string;
  path: string;
  query?: QueryInput;
  headers: Record<string, string>;
}

/** Credentials and region a request is signed with. */
export interface Signer {
  region: string;
  accessKeyId: string;
  secret: string;
}

/** The signer configuration of the tests' default key. */
export function createSigner(region = REGION, secret = SECRET, accessKeyId = ACCESS_KEY): Signer {
  return { region, accessKeyId, secret };
}

/** One request to sign: `header` (Authorization) or `presign` (query string). */
export interface SignJob {
  signer: Signer;
  mode: 'header' | 'presign';
  spec: RequestSpec;
  signingDate: Date;
  expiresIn?: number;
  /** Shuffles the wire query order and drops `=` of some empty values. */
  rand?: () => number;
}

interface SignedRequest {
  method: string;
  path: string;
  query: QueryInput;
  headers: Record<string, string>;
}

const SIGN_SCRIPT = fileURLToPath(new URL('./smithy-sign.mjs', import.meta.url));

/**
 * Sign all jobs with @smithy/signature-v4 in one child process, and return what a Node server
 * would see: lower-case header names, values trimmed by the HTTP parser.
 */
export function signAll(jobs: readonly SignJob[]): VerifiableRequest[] {
  const input = jobs.map((job) => ({
    mode: job.mode,
    region: job.signer.region,
    accessKeyId: job.signer.accessKeyId,
    secret: job.signer.secret,
    signingDate: job.signingDate.toISOString(),
    expiresIn: job.expiresIn ?? 900,
    spec:
      job.mode === 'presign'
        ? // As @aws-sdk/s3-request-presigner does: the payload hash is UNSIGNED-PAYLOAD.
          {
            ...job.spec,
            headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...job.spec.headers },
          }
        : job.spec,
  }));
  const output = execFileSync(process.execPath, [SIGN_SCRIPT], {
    input: JSON.stringify(input),
    maxBuffer: 1 << 28,
  });
  const signed = JSON.parse(output.toString('utf8')) as SignedRequest[];
  return signed.map((req, i) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      headers[name.toLowerCase()] = value.trim();
    return {
      method: req.method,
      path: req.path,
      query: wireQuery(req.query, jobs[i]?.rand),
      headers,
    };
  });
}

/** Sign one request with an `Authorization` header. */
export function signHeader(
  signer: Signer,
  spec: RequestSpec,
  signingDate: Date,
): VerifiableRequest {
  return signAll([{ signer, mode: 'header', spec, signingDate }])[0]!;
}

/** Presign one request as `@aws-sdk/s3-request-presigner` does. */
export function signPresigned(
  signer: Signer,
  spec: RequestSpec,
  signingDate: Date,
  expiresIn = 900,
): VerifiableRequest {
  return signAll([{ signer, mode: 'presign', spec, signingDate, expiresIn }])[0]!;
}

/** Deterministic PRNG (mulberry32) so a failing case can be replayed from its seed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
