// Test support (excluded from the build): SigV2 requests signed by boto3 1.x / botocore 1.43.11,
// recorded offline with Python code like this (time.time pinned to 2024-05-01T12:00:00Z):
//
//   c = boto3.client('s3', endpoint_url='http://localhost:9100', region_name='us-east-1',
//                    aws_access_key_id='AKTEST', aws_secret_access_key='secretsecret123',
//                    config=Config(signature_version='s3', s3={'addressing_style': 'path'}))
//   c.generate_presigned_url('upload_part', Params={...}, ExpiresIn=600)
//
// and, for header auth, `botocore.auth.HmacV1Auth(Credentials(AK, SK)).add_auth(AWSRequest(...))`
// with `_get_date` pinned to 'Wed, 01 May 2024 12:00:00 GMT'.

import {
  createSigV4Verifier,
  type SigV4Verifier,
  type SigV4VerifierConfig,
} from '../create-sigv4-verifier.js';
import type { VerifiableRequest } from '../verifiable-request.js';

export const BOTO_ACCESS_KEY = 'AKTEST';
export const BOTO_SECRET = 'secretsecret123';
/** The clock of the recorded vectors: 'Wed, 01 May 2024 12:00:00 GMT'. */
export const BOTO_NOW = new Date('2024-05-01T12:00:00Z');

/** A presigned URL as boto3 printed it, and the bucket when it is virtual-hosted. */
export interface PresignedVector {
  name: string;
  method: string;
  url: string;
  virtualHostBucket?: string;
  /** Headers the client sends when it uses the URL. */
  headers?: Record<string, string>;
}

export const BOTO_PRESIGNED: readonly PresignedVector[] = [
  {
    name: 'upload_part with uploadId and partNumber sub-resources',
    method: 'PUT',
    url: 'http://localhost:9100/pres/dir/a%20b.txt?uploadId=up%2F1%2B2%3D3&partNumber=2&AWSAccessKeyId=AKTEST&Signature=uVW5zLrQPRapb%2ByEhG5lDwtmh2U%3D&Expires=1714565400',
  },
  {
    name: 'get_object with response-content-disposition and versionId',
    method: 'GET',
    url: 'http://localhost:9100/pres/k?response-content-disposition=attachment%3B%20filename%3D%22x%20y.txt%22&versionId=v1&AWSAccessKeyId=AKTEST&Signature=yV3yWvWLGst1ulRf2ObPFmnO%2BMc%3D&Expires=1714565400',
  },
  {
    name: 'virtual-hosted get_object',
    method: 'GET',
    url: 'http://vbucket.s3.localhost:9100/photos/puppy.jpg?AWSAccessKeyId=AKTEST&Signature=Aq9iV8UdcTZbIMc0RGmYMeEy2sU%3D&Expires=1714565400',
    virtualHostBucket: 'vbucket',
  },
  {
    name: 'put_object with session token and ContentType (moved into the query)',
    method: 'PUT',
    url: 'http://localhost:9100/pres/up.txt?AWSAccessKeyId=AKTEST&Signature=SP2Kum%2FRsuIbcw0%2FjkDlQXFp6yo%3D&content-type=text%2Fplain&x-amz-security-token=tok%2Fen%2B1&Expires=1714565400',
    headers: { 'content-type': 'text/plain' },
  },
];

/** A header-signed request as botocore's HmacV1Auth produced it. */
export interface HeaderVector {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  virtualHostBucket?: string;
}

const DATE = 'Wed, 01 May 2024 12:00:00 GMT';

export const BOTO_HEADER_SIGNED: readonly HeaderVector[] = [
  {
    name: 'PUT with Content-MD5, Content-Type and x-amz-meta-* / x-amz-acl',
    method: 'PUT',
    url: 'http://localhost:9100/bkt/photos/cat%20%281%29.jpg',
    headers: {
      'Content-Type': 'image/jpeg',
      'Content-MD5': '1B2M2Y8AsgTpgAmY7PhCfg==',
      'x-amz-meta-Owner': '  Alice  ',
      'X-Amz-Meta-Tag': 'b',
      'x-amz-acl': 'private',
      Date: DATE,
      Authorization: 'AWS AKTEST:tgnDSZSDWHsMqh1SgqSmumwQOoE=',
    },
  },
  {
    name: 'UploadPart (?partNumber=2&uploadId=…)',
    method: 'PUT',
    url: 'http://localhost:9100/bkt/big.bin?partNumber=2&uploadId=abc%2Fdef',
    headers: {
      'Content-Length': '5',
      Date: DATE,
      Authorization: 'AWS AKTEST:bSA1vAS3FuxcBUlr9K0nzTjdj1s=',
    },
  },
  {
    name: 'GetObjectAcl (?acl)',
    method: 'GET',
    url: 'http://localhost:9100/bkt/obj?acl',
    headers: { Date: DATE, Authorization: 'AWS AKTEST:JOxqJ2+QingNQeTZXmYZ5FR0kXg=' },
  },
  {
    name: 'DeleteObjects (?delete)',
    method: 'POST',
    url: 'http://localhost:9100/bkt?delete',
    headers: {
      'Content-MD5': 'XrY7u+Ae7tCTyyK7j1rNww==',
      'Content-Type': 'application/xml',
      Date: DATE,
      Authorization: 'AWS AKTEST:qyLm34kKc2IKNnTVSpiv28rykcc=',
    },
  },
  {
    name: 'ListObjectsV2 (no sub-resource in the query)',
    method: 'GET',
    url: 'http://localhost:9100/bkt?list-type=2&prefix=a%2Fb&max-keys=10',
    headers: { Date: DATE, Authorization: 'AWS AKTEST:+hF5sO2CrAXF/DOspX0bMMkh5yI=' },
  },
  {
    name: 'virtual-hosted GetBucketLocation (?location on /)',
    method: 'GET',
    url: 'http://vbucket.localhost:9100/?location',
    headers: { Date: DATE, Authorization: 'AWS AKTEST:jKgbvEPzJ3kfgzv782XurNyg1CY=' },
    virtualHostBucket: 'vbucket',
  },
  {
    name: 'x-amz-date plus Date (botocore signs its Date line anyway)',
    method: 'GET',
    url: 'http://localhost:9100/bkt/k',
    headers: {
      'x-amz-date': 'Wed, 01 May 2024 12:00:05 GMT',
      Date: DATE,
      Authorization: 'AWS AKTEST:GsEtc3+RlycHbLsfuF2e10Jx5g0=',
    },
  },
];

/** A verifier knowing the boto3 key, at {@link BOTO_NOW}. */
export function v2Verifier(overrides: Partial<SigV4VerifierConfig> = {}): SigV4Verifier {
  return createSigV4Verifier({
    region: 'us-east-1',
    lookup: (id) =>
      id === BOTO_ACCESS_KEY ? { accessKeyId: id, secretAccessKey: BOTO_SECRET } : undefined,
    now: () => BOTO_NOW,
    ...overrides,
  });
}

/** Split a URL as it appears on the wire; `URL` would normalize the path. */
export function fromUrl(
  method: string,
  url: string,
  headers: Record<string, string> = {},
): VerifiableRequest {
  const rest = url.replace(/^https?:\/\/[^/]+/, '');
  const q = rest.indexOf('?');
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method,
    path: q < 0 ? rest : rest.slice(0, q),
    query: q < 0 ? '' : rest.slice(q + 1),
    headers: lower,
  };
}
