import {
  commonPrefixesElements,
  keyEncoder,
  optionalEncodedElement,
  versionEntriesElements,
  type ListedVersion,
} from './internal/list-entries.js';
import { element, optionalElement, xmlDocument } from './internal/xml-writer.js';
import type { EncodingType } from './types.js';

/** A page of ListObjectVersions. */
export interface ListObjectVersionsResult {
  /** Bucket name. */
  name: string;
  /** The request's `prefix` (`''` when absent; S3 always writes the element). */
  prefix?: string;
  /** The request's `key-marker` (`''` when absent). */
  keyMarker?: string;
  /** The request's `version-id-marker` (`''` when absent). */
  versionIdMarker?: string;
  maxKeys: number;
  /** The request's `delimiter`, when one was given. */
  delimiter?: string;
  isTruncated: boolean;
  /** The `key-marker` of the next page; written only when `isTruncated`. */
  nextKeyMarker?: string;
  /** The `version-id-marker` of the next page; written only when `isTruncated`. */
  nextVersionIdMarker?: string;
  /**
   * Versions and delete markers, in listing order (by key, then newest first). They are written
   * in this order, so the two kinds stay interleaved as S3 returns them.
   */
  entries: readonly ListedVersion[];
  commonPrefixes?: readonly string[];
  /**
   * `url` percent-encodes Key, Prefix, KeyMarker, NextKeyMarker, Delimiter and CommonPrefixes
   * (version ids are opaque tokens and left as they are).
   */
  encodingType?: EncodingType;
}

/**
 * Renders a `ListVersionsResult` (ListObjectVersions): `<Version>` and `<DeleteMarker>` elements
 * in the order of `entries`, then `<CommonPrefixes>`. Next markers are written only for a
 * truncated page, as S3 does.
 *
 * @example
 * ```ts
 * const lastModified = new Date();
 * serializeListObjectVersions({
 *   name: 'b',
 *   maxKeys: 1000,
 *   isTruncated: false,
 *   entries: [
 *     { kind: 'deleteMarker', key: 'k', versionId: 'v2', isLatest: true, lastModified },
 *     { kind: 'version', key: 'k', versionId: 'v1', isLatest: false, lastModified, etag: 'e', size: 3 },
 *   ],
 * });
 * ```
 */
export function serializeListObjectVersions(result: ListObjectVersionsResult): string {
  const encode = keyEncoder(result.encodingType);
  // S3 writes the next markers only on a truncated page; a stale pair must not leak out.
  const next: Pick<ListObjectVersionsResult, 'nextKeyMarker' | 'nextVersionIdMarker'> =
    result.isTruncated ? result : {};
  return xmlDocument(
    'ListVersionsResult',
    element('Name', result.name) +
      element('Prefix', encode(result.prefix ?? '')) +
      element('KeyMarker', encode(result.keyMarker ?? '')) +
      element('VersionIdMarker', result.versionIdMarker ?? '') +
      optionalEncodedElement('NextKeyMarker', next.nextKeyMarker, encode) +
      optionalElement('NextVersionIdMarker', next.nextVersionIdMarker) +
      element('MaxKeys', result.maxKeys) +
      optionalEncodedElement('Delimiter', result.delimiter, encode) +
      element('IsTruncated', result.isTruncated) +
      optionalElement('EncodingType', result.encodingType) +
      versionEntriesElements(result.entries, encode) +
      commonPrefixesElements(result.commonPrefixes ?? [], encode),
  );
}
