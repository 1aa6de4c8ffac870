import {
  checksumElements,
  element,
  etagElement,
  optionalElement,
  ownerElement,
  timestamp,
  xmlDocument,
} from './internal/xml-writer.js';
import type { ChecksumAlgorithm, Checksums, ChecksumType, Owner } from './types.js';

/** One part of a ListParts page. */
export interface ListedPart {
  partNumber: number;
  lastModified: Date;
  /** Unquoted ETag. */
  etag: string;
  size: number;
  checksums?: Checksums;
}

/** A page of ListParts. */
export interface ListPartsResult {
  bucket: string;
  key: string;
  uploadId: string;
  initiator: Owner;
  owner: Owner;
  /** Defaults to `STANDARD`. */
  storageClass?: string;
  /** The request's `part-number-marker`; `0` when absent. */
  partNumberMarker?: number;
  /** Last part number of this page; S3 writes it on every page. */
  nextPartNumberMarker?: number;
  maxParts: number;
  isTruncated: boolean;
  parts: readonly ListedPart[];
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
}

/**
 * Renders a `ListPartsResult`.
 *
 * @example
 * ```ts
 * serializeListParts({
 *   bucket: 'b', key: 'k', uploadId: 'u', initiator: { id: 'o' }, owner: { id: 'o' },
 *   maxParts: 1000, isTruncated: false, parts: [],
 * });
 * ```
 */
export function serializeListParts(result: ListPartsResult): string {
  let parts = '';
  for (const p of result.parts) {
    parts +=
      '<Part>' +
      element('PartNumber', p.partNumber) +
      element('LastModified', timestamp(p.lastModified)) +
      etagElement(p.etag) +
      element('Size', p.size) +
      checksumElements(p.checksums) +
      '</Part>';
  }
  return xmlDocument(
    'ListPartsResult',
    element('Bucket', result.bucket) +
      element('Key', result.key) +
      element('UploadId', result.uploadId) +
      ownerElement('Initiator', result.initiator) +
      ownerElement('Owner', result.owner) +
      element('StorageClass', result.storageClass ?? 'STANDARD') +
      element('PartNumberMarker', result.partNumberMarker ?? 0) +
      optionalElement('NextPartNumberMarker', result.nextPartNumberMarker) +
      element('MaxParts', result.maxParts) +
      element('IsTruncated', result.isTruncated) +
      parts +
      optionalElement('ChecksumAlgorithm', result.checksumAlgorithm) +
      optionalElement('ChecksumType', result.checksumType),
  );
}
