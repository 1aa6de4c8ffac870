import {
  commonPrefixesElements,
  keyEncoder,
  optionalEncodedElement,
} from './internal/list-entries.js';
import {
  element,
  optionalElement,
  ownerElement,
  timestamp,
  xmlDocument,
} from './internal/xml-writer.js';
import type { ChecksumAlgorithm, ChecksumType, EncodingType, Owner } from './types.js';

/** One in-progress upload of a ListMultipartUploads page. */
export interface ListedUpload {
  key: string;
  uploadId: string;
  initiator: Owner;
  owner: Owner;
  /** Defaults to `STANDARD`. */
  storageClass?: string;
  initiated: Date;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
}

/** A page of ListMultipartUploads. */
export interface ListMultipartUploadsResult {
  bucket: string;
  /** The request's `key-marker` (`''` when absent). */
  keyMarker?: string;
  /** The request's `upload-id-marker` (`''` when absent). */
  uploadIdMarker?: string;
  nextKeyMarker?: string;
  nextUploadIdMarker?: string;
  prefix?: string;
  delimiter?: string;
  maxUploads: number;
  isTruncated: boolean;
  uploads: readonly ListedUpload[];
  commonPrefixes?: readonly string[];
  /** `url` percent-encodes Key, KeyMarker, NextKeyMarker, Prefix, Delimiter, CommonPrefixes. */
  encodingType?: EncodingType;
}

/**
 * Renders a `ListMultipartUploadsResult`.
 *
 * @example
 * ```ts
 * serializeListMultipartUploads({ bucket: 'b', maxUploads: 1000, isTruncated: false, uploads: [] });
 * ```
 */
export function serializeListMultipartUploads(result: ListMultipartUploadsResult): string {
  const encode = keyEncoder(result.encodingType);
  let uploads = '';
  for (const u of result.uploads) {
    uploads +=
      '<Upload>' +
      element('Key', encode(u.key)) +
      element('UploadId', u.uploadId) +
      ownerElement('Initiator', u.initiator) +
      ownerElement('Owner', u.owner) +
      element('StorageClass', u.storageClass ?? 'STANDARD') +
      element('Initiated', timestamp(u.initiated)) +
      optionalElement('ChecksumAlgorithm', u.checksumAlgorithm) +
      optionalElement('ChecksumType', u.checksumType) +
      '</Upload>';
  }
  return xmlDocument(
    'ListMultipartUploadsResult',
    element('Bucket', result.bucket) +
      element('KeyMarker', encode(result.keyMarker ?? '')) +
      element('UploadIdMarker', result.uploadIdMarker ?? '') +
      optionalEncodedElement('NextKeyMarker', result.nextKeyMarker, encode) +
      optionalElement('NextUploadIdMarker', result.nextUploadIdMarker) +
      optionalEncodedElement('Delimiter', result.delimiter, encode) +
      optionalEncodedElement('Prefix', result.prefix, encode) +
      element('MaxUploads', result.maxUploads) +
      element('IsTruncated', result.isTruncated) +
      uploads +
      commonPrefixesElements(result.commonPrefixes ?? [], encode) +
      optionalElement('EncodingType', result.encodingType),
  );
}
