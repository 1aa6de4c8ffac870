import {
  element,
  optionalElement,
  ownerElement,
  timestamp,
  xmlDocument,
} from './internal/xml-writer.js';
import type { Owner } from './types.js';

/** One bucket of a ListBuckets reply. */
export interface ListedBucket {
  name: string;
  creationDate: Date;
  /** Written as `<BucketRegion>` when given. */
  region?: string;
}

/** A ListBuckets reply. */
export interface ListBucketsResult {
  owner: Owner;
  buckets: readonly ListedBucket[];
  /** Token for the next page when the request paginated with `max-buckets`. */
  continuationToken?: string;
  /** The request's `prefix`, echoed. */
  prefix?: string;
}

/**
 * Renders a `ListAllMyBucketsResult`.
 *
 * @example
 * ```ts
 * serializeListBuckets({ owner: { id: 'abc' }, buckets: [{ name: 'b', creationDate: new Date() }] });
 * ```
 */
export function serializeListBuckets(result: ListBucketsResult): string {
  let buckets = '';
  for (const b of result.buckets) {
    buckets +=
      '<Bucket>' +
      element('Name', b.name) +
      element('CreationDate', timestamp(b.creationDate)) +
      optionalElement('BucketRegion', b.region) +
      '</Bucket>';
  }
  return xmlDocument(
    'ListAllMyBucketsResult',
    ownerElement('Owner', result.owner) +
      `<Buckets>${buckets}</Buckets>` +
      optionalElement('ContinuationToken', result.continuationToken) +
      optionalElement('Prefix', result.prefix),
  );
}
