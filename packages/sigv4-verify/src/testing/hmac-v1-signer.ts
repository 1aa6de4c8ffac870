// Test support (excluded from the build): an independent port of botocore's `HmacV1Auth` and
// `HmacV1QueryAuth` (botocore/auth.py), the SigV2 signer of boto3, used as the tests' oracle.
// It deliberately shares no code with the verifier.
import { createHmac } from 'node:crypto';
import type { VerifiableRequest } from '../verifiable-request.js';

/** botocore `HmacV1Auth.QSAOfInterest`, verbatim (duplicates included). */
// prettier-ignore
const QSA_OF_INTEREST = [
  'accelerate', 'acl', 'cors', 'defaultObjectAcl', 'location', 'logging', 'partNumber', 'policy',
  'requestPayment', 'torrent', 'versioning', 'versionId', 'versions', 'website', 'uploads',
  'uploadId', 'response-content-type', 'response-content-language', 'response-expires',
  'response-cache-control', 'response-content-disposition', 'response-content-encoding',
  'delete', 'lifecycle', 'tagging', 'restore', 'storageClass', 'notification', 'replication',
  'requestPayment', 'analytics', 'metrics', 'inventory', 'select', 'select-type', 'object-lock',
];

/** A request to sign: `headers` as name/value pairs (names in any case, repeats allowed). */
export interface V1Request {
  method: string;
  /** Wire path, percent-encoded. */
  path: string;
  /** Wire query without `?`. */
  query?: string;
  headers?: [string, string][];
  /** botocore `auth_path`: `/bucket` + path for virtual-hosted requests. */
  authPath?: string;
}

const unquote = (s: string): string => decodeURIComponent(s);

/** botocore `HmacV1Auth.canonical_string`, with `date` in the Date position. */
export function hmacV1StringToSign(req: V1Request, date: string): string {
  const headers = req.headers ?? [];
  const std = ['content-md5', 'content-type'].map(
    (h) => headers.find(([n]) => n.toLowerCase() === h)?.[1].trim() ?? '',
  );
  const custom = new Map<string, string[]>();
  for (const [n, v] of headers) {
    const lk = n.toLowerCase();
    if (lk.startsWith('x-amz-')) custom.set(lk, [...(custom.get(lk) ?? []), v.trim()]);
  }
  const customLines = [...custom.keys()].sort().map((k) => `${k}:${custom.get(k)?.join(',')}`);
  let resource = req.authPath ?? req.path;
  const qsa = (req.query ?? '')
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const i = p.indexOf('=');
      return i < 0 ? [p] : [p.slice(0, i), unquote(p.slice(i + 1))];
    })
    .filter((a) => QSA_OF_INTEREST.includes(a[0] ?? ''));
  if (qsa.length > 0) {
    qsa.sort((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : (a[0] ?? '') > (b[0] ?? '') ? 1 : 0));
    resource += `?${qsa.map((a) => a.join('=')).join('&')}`;
  }
  return (
    `${req.method.toUpperCase()}\n${[...std, date].join('\n')}\n` +
    (customLines.length > 0 ? `${customLines.join('\n')}\n` : '') +
    resource
  );
}

function sign(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
}

function toHeaderMap(headers: [string, string][]): VerifiableRequest['headers'] {
  const map: Record<string, string[]> = {};
  for (const [n, v] of headers) (map[n.toLowerCase()] ??= []).push(v);
  return map;
}

/** `HmacV1Auth.add_auth`: adds `Date` (unless `date` is `null`) and `Authorization`. */
export function signV1Header(
  req: V1Request,
  creds: { accessKeyId: string; secret: string },
  date: string | null,
): VerifiableRequest {
  const headers = [
    ...(req.headers ?? []),
    ...(date === null ? [] : [['Date', date] as [string, string]]),
  ];
  const signature = sign(creds.secret, hmacV1StringToSign({ ...req, headers }, date ?? ''));
  headers.push(['Authorization', `AWS ${creds.accessKeyId}:${signature}`]);
  return {
    method: req.method,
    path: req.path,
    query: req.query ?? '',
    headers: toHeaderMap(headers),
  };
}

/** `HmacV1QueryAuth`: signs with `Expires` as the date and moves signed headers into the query. */
export function presignV1(
  req: V1Request,
  creds: { accessKeyId: string; secret: string },
  expires: number,
): VerifiableRequest {
  const signature = sign(creds.secret, hmacV1StringToSign(req, String(expires)));
  const extra = (req.headers ?? []).filter(([n]) =>
    /^(x-amz-|content-md5$|content-type$)/i.test(n),
  );
  const q = new URLSearchParams([
    ['AWSAccessKeyId', creds.accessKeyId],
    ['Signature', signature],
    ...extra.map(([n, v]) => [n.toLowerCase(), v] as [string, string]),
    ['Expires', String(expires)],
  ]);
  // URLSearchParams writes a space as '+'; botocore percent-encodes it.
  const signed = q.toString().replace(/\+/g, '%20');
  return {
    method: req.method,
    path: req.path,
    query: req.query ? `${req.query}&${signed}` : signed,
    headers: {},
  };
}
