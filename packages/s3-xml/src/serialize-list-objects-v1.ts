import {
  commonPrefixesElements,
  contentsElements,
  keyEncoder,
  optionalEncodedElement,
  type ListedObject,
} from './internal/list-entries.js';
import { element, optionalElement, xmlDocument } from './internal/xml-writer.js';
import type { EncodingType } from './types.js';

/** A page of ListObjects (version 1). */
export interface ListObjectsV1Result {
  /** Bucket name. */
  name: string;
  /** The request's `prefix` (`''` when absent; S3 always writes the element). */
  prefix?: string;
  /** The request's `marker` (`''` when absent). */
  marker?: string;
  maxKeys: number;
  /** The request's `delimiter`, when one was given. */
  delimiter?: string;
  isTruncated: boolean;
  /**
   * Where the next page starts. Written only for a truncated page of a delimited listing, as S3
   * does; without a delimiter clients continue from the last `Key`.
   */
  nextMarker?: string;
  contents: readonly ListedObject[];
  commonPrefixes?: readonly string[];
  /** `url` percent-encodes Key, Prefix, Marker, NextMarker, Delimiter and CommonPrefixes. */
  encodingType?: EncodingType;
}

/**
 * Renders a `ListBucketResult` (ListObjects, version 1).
 *
 * @example
 * ```ts
 * serializeListObjectsV1({ name: 'b', maxKeys: 1000, isTruncated: false, contents: [] });
 * ```
 */
export function serializeListObjectsV1(result: ListObjectsV1Result): string {
  const encode = keyEncoder(result.encodingType);
  const nextMarker =
    result.delimiter !== undefined && result.isTruncated ? result.nextMarker : undefined;
  return xmlDocument(
    'ListBucketResult',
    element('Name', result.name) +
      element('Prefix', encode(result.prefix ?? '')) +
      element('Marker', encode(result.marker ?? '')) +
      element('MaxKeys', result.maxKeys) +
      optionalEncodedElement('Delimiter', result.delimiter, encode) +
      element('IsTruncated', result.isTruncated) +
      optionalEncodedElement('NextMarker', nextMarker, encode) +
      optionalElement('EncodingType', result.encodingType) +
      contentsElements(result.contents, encode) +
      commonPrefixesElements(result.commonPrefixes ?? [], encode),
  );
}
