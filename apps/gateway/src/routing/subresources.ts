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
  'version-id-marker',
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
 * The sub-resources a query names (`acl` of `?acl`), each once: every parameter that is neither
 * a plain parameter of some operation nor an `x-amz-*` (presigned) parameter.
 */
export function subresources(query: URLSearchParams): string[] {
  const out: string[] = [];
  for (const name of new Set(query.keys())) {
    if (!PLAIN_PARAMS.has(name) && !/^x-amz-/i.test(name)) out.push(name);
  }
  return out;
}
