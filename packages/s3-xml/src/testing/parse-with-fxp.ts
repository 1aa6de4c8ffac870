import { XMLParser } from 'fast-xml-parser';

// Repeated elements, by path, that a client reads as lists even when only one is present.
const ARRAY_PATHS = new Set([
  'ListBucketResult.Contents',
  'ListBucketResult.CommonPrefixes',
  'ListVersionsResult.Version',
  'ListVersionsResult.DeleteMarker',
  'ListVersionsResult.CommonPrefixes',
  'ListAllMyBucketsResult.Buckets.Bucket',
  'ListPartsResult.Part',
  'GetObjectAttributesResponse.ObjectParts.Part',
  'ListMultipartUploadsResult.Upload',
  'ListMultipartUploadsResult.CommonPrefixes',
  'DeleteResult.Deleted',
  'DeleteResult.Error',
  'AccessControlPolicy.AccessControlList.Grant',
]);

/**
 * Parses a document the way an ordinary S3 client would, for round-trip tests: entities and
 * numeric references decoded, values verbatim (no trimming, no number coercion), attributes kept
 * under `@name`.
 */
export function parseWithFxp(xml: string): Record<string, unknown> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (_name, path) => ARRAY_PATHS.has(String(path)),
  });
  return parser.parse(xml) as Record<string, unknown>;
}
