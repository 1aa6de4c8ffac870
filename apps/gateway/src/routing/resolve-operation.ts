import { UNCONFIGURED_SUBRESOURCES } from '../handlers/unconfigured.js';
import type { S3Target } from './resolve-target.js';

/** S3 operations the gateway serves. */
export const OPERATIONS = [
  'ListBuckets',
  'CreateBucket',
  'HeadBucket',
  'DeleteBucket',
  'GetBucketLocation',
  'GetBucketAcl',
  'GetBucketVersioning',
  'GetBucketSubresource',
  'ListObjects',
  'ListObjectsV2',
  'ListMultipartUploads',
  'DeleteObjects',
  'PostObject',
  'PutObject',
  'CopyObject',
  'GetObject',
  'HeadObject',
  'GetObjectAcl',
  'GetObjectAttributes',
  'DeleteObject',
  'CreateMultipartUpload',
  'UploadPart',
  'UploadPartCopy',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'ListParts',
] as const;

/** One of {@link OPERATIONS}. */
export type OperationName = (typeof OPERATIONS)[number];

/**
 * Query parameters that are not sub-resources: they modify an operation instead of naming
 * another one. `x-id` is added by the AWS SDK v3 (`?x-id=PutObject`).
 */
const PLAIN_PARAMS = new Set([
  'x-id',
  'prefix',
  'delimiter',
  'marker',
  'max-keys',
  'encoding-type',
  'list-type',
  'continuation-token',
  'start-after',
  'fetch-owner',
  'key-marker',
  'upload-id-marker',
  'max-uploads',
  'max-parts',
  'part-number-marker',
  'partNumber',
  'uploadId',
  'versionId',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'x-amz-expected-bucket-owner',
  // SigV2 query authentication (presigned URLs as boto3 makes them by default).
  'AWSAccessKeyId',
  'Signature',
  'Expires',
]);

/**
 * A browser form upload: `POST /bucket` with a `multipart/form-data` body and no sub-resource.
 * It carries its credentials in a signed policy inside the body, not in headers or query.
 */
export function isPostObjectRequest(
  method: string,
  target: S3Target,
  contentType: string | undefined,
): boolean {
  return (
    method === 'POST' &&
    target.bucket !== undefined &&
    target.key === undefined &&
    subresources(target.query).length === 0 &&
    /^multipart\/form-data/i.test(contentType ?? '')
  );
}

/**
 * Names the S3 operation a request asks for, from method, target and query; `undefined` when it
 * is an operation Strata does not implement (answered 501 NotImplemented).
 */
export function resolveOperation(
  method: string,
  target: S3Target,
  copySource: string | undefined,
): OperationName | undefined {
  const q = target.query;
  const sub = subresources(q);
  if (target.bucket === undefined)
    return method === 'GET' && sub.length === 0 ? 'ListBuckets' : undefined;
  if (target.key === undefined) return bucketOperation(method, sub, q);
  return objectOperation(method, sub, q, copySource);
}

function subresources(q: URLSearchParams): string[] {
  const out: string[] = [];
  for (const name of new Set(q.keys())) {
    if (!PLAIN_PARAMS.has(name) && !/^x-amz-/i.test(name)) out.push(name);
  }
  return out;
}

function only(sub: readonly string[], name?: string): boolean {
  return name === undefined ? sub.length === 0 : sub.length === 1 && sub[0] === name;
}

function bucketOperation(
  method: string,
  sub: string[],
  q: URLSearchParams,
): OperationName | undefined {
  switch (method) {
    case 'PUT':
      return only(sub) ? 'CreateBucket' : undefined;
    case 'HEAD':
      return only(sub) ? 'HeadBucket' : undefined;
    case 'DELETE':
      return only(sub) ? 'DeleteBucket' : undefined;
    case 'POST':
      if (only(sub, 'delete')) return 'DeleteObjects';
      // Routed here only after isPostObjectRequest said so (sigv4Auth lets it through).
      return only(sub) ? 'PostObject' : undefined;
    case 'GET':
      if (only(sub, 'location')) return 'GetBucketLocation';
      if (only(sub, 'acl')) return 'GetBucketAcl';
      if (only(sub, 'versioning')) return 'GetBucketVersioning';
      if (only(sub, 'uploads')) return 'ListMultipartUploads';
      if (sub.length === 1 && sub[0]! in UNCONFIGURED_SUBRESOURCES) return 'GetBucketSubresource';
      if (only(sub)) return q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
      return undefined;
    default:
      return undefined;
  }
}

function objectOperation(
  method: string,
  sub: string[],
  q: URLSearchParams,
  copySource: string | undefined,
): OperationName | undefined {
  const isPart = q.has('uploadId') && q.has('partNumber');
  switch (method) {
    case 'PUT':
      if (!only(sub)) return undefined;
      if (isPart) return copySource !== undefined ? 'UploadPartCopy' : 'UploadPart';
      return copySource !== undefined ? 'CopyObject' : 'PutObject';
    case 'GET':
      if (only(sub, 'acl')) return 'GetObjectAcl';
      if (only(sub, 'attributes')) return 'GetObjectAttributes';
      if (!only(sub)) return undefined;
      return q.has('uploadId') ? 'ListParts' : 'GetObject';
    case 'HEAD':
      return only(sub) ? 'HeadObject' : undefined;
    case 'DELETE':
      if (!only(sub)) return undefined;
      return q.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
    case 'POST':
      if (only(sub, 'uploads')) return 'CreateMultipartUpload';
      if (only(sub) && q.has('uploadId')) return 'CompleteMultipartUpload';
      return undefined;
    default:
      return undefined;
  }
}
