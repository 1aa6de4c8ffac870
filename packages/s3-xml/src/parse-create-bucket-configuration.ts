import {
  assertContainer,
  leafText,
  optionalChild,
  parseXmlDocument,
  trimXml,
} from './internal/parse-xml-document.js';

/** A parsed CreateBucket request body. */
export interface CreateBucketConfiguration {
  /** The requested region; undefined when absent or empty (which S3 reads as `us-east-1`). */
  locationConstraint?: string;
}

/**
 * Parses a CreateBucket body (`<CreateBucketConfiguration><LocationConstraint/>?</…>`). A body of
 * only whitespace yields `{}`, like no body. Other elements (`Location`, `Bucket` of directory
 * buckets) are ignored. Whether the region is acceptable is the caller's decision.
 *
 * @param xml The body, already read by the caller under a size cap.
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root or more than one
 *   `<LocationConstraint>`.
 * @example
 * ```ts
 * parseCreateBucketConfiguration(
 *   '<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>',
 * ); // { locationConstraint: 'eu-west-1' }
 * ```
 */
export function parseCreateBucketConfiguration(xml: string): CreateBucketConfiguration {
  if (typeof xml === 'string' && trimXml(xml.replace(/^\uFEFF/, '')) === '') return {};
  const root = parseXmlDocument(xml, 'CreateBucketConfiguration');
  assertContainer(root);
  const el = optionalChild(root, 'LocationConstraint');
  const region = el === undefined ? '' : trimXml(leafText(el));
  return region === '' ? {} : { locationConstraint: region };
}
