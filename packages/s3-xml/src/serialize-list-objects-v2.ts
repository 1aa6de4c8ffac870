import {
  commonPrefixesElements,
  contentsElements,
  keyEncoder,
  optionalEncodedElement,
  type ListedObject,
} from './internal/list-entries.js';
import { element, optionalElement, xmlDocument } from './internal/xml-writer.js';
import type { EncodingType } from './types.js';

/** A page of ListObjectsV2. */
export interface ListObjectsV2Result {
  /** Bucket name. */
  name: string;
  /** The request's `prefix` (`''` when absent; S3 always writes the element). */
  prefix?: string;
  maxKeys: number;
  delimiter?: string;
  isTruncated: boolean;
  /** The request's `continuation-token`, echoed verbatim. */
  continuationToken?: string;
  /** Opaque token for the next page; give it only when `isTruncated`. */
  nextContinuationToken?: string;
  /** The request's `start-after`. */
  startAfter?: string;
  /** Objects; give each an `owner` only when the request had `fetch-owner=true`. */
  contents: readonly ListedObject[];
  commonPrefixes?: readonly string[];
  /** `url` percent-encodes Key, Prefix, Delimiter, StartAfter and CommonPrefixes. */
  encodingType?: EncodingType;
}

/**
 * Renders a `ListBucketResult` for ListObjectsV2. `KeyCount` is computed: objects plus common
 * prefixes, as S3 counts it.
 *
 * @example
 * ```ts
 * serializeListObjectsV2({ name: 'b', maxKeys: 1000, isTruncated: false, contents: [] });
 * ```
 */
export function serializeListObjectsV2(result: ListObjectsV2Result): string {
  const encode = keyEncoder(result.encodingType);
  const prefixes = result.commonPrefixes ?? [];
  return xmlDocument(
    'ListBucketResult',
    element('Name', result.name) +
      element('Prefix', encode(result.prefix ?? '')) +
      element('KeyCount', result.contents.length + prefixes.length) +
      element('MaxKeys', result.maxKeys) +
      optionalEncodedElement('Delimiter', result.delimiter, encode) +
      element('IsTruncated', result.isTruncated) +
      optionalElement('ContinuationToken', result.continuationToken) +
      optionalElement('NextContinuationToken', result.nextContinuationToken) +
      optionalEncodedElement('StartAfter', result.startAfter, encode) +
      optionalElement('EncodingType', result.encodingType) +
      contentsElements(result.contents, encode) +
      commonPrefixesElements(prefixes, encode),
  );
}
