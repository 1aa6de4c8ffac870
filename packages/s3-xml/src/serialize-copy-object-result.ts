import {
  checksumElements,
  element,
  etagElement,
  optionalElement,
  timestamp,
  xmlDocument,
} from './internal/xml-writer.js';
import type { Checksums, ChecksumType } from './types.js';

/** The body of a CopyObject or UploadPartCopy reply. */
export interface CopyResult {
  /** Unquoted ETag of the new object or part. */
  etag: string;
  lastModified: Date;
  /** Checksums of the copy, when the request asked for them. */
  checksums?: Checksums;
  /** Only CopyObject writes it. */
  checksumType?: ChecksumType;
}

function copyResult(root: string, result: CopyResult): string {
  return xmlDocument(
    root,
    etagElement(result.etag) +
      element('LastModified', timestamp(result.lastModified)) +
      optionalElement('ChecksumType', result.checksumType) +
      checksumElements(result.checksums),
  );
}

/**
 * Renders a `CopyObjectResult`.
 *
 * @example
 * ```ts
 * serializeCopyObjectResult({ etag: '9b2cf535f27731c974343645a3985328', lastModified: new Date() });
 * ```
 */
export function serializeCopyObjectResult(result: CopyResult): string {
  return copyResult('CopyObjectResult', result);
}

/**
 * Renders a `CopyPartResult` (UploadPartCopy). `checksumType` is ignored: S3 does not write it
 * for parts.
 */
export function serializeCopyPartResult(result: CopyResult): string {
  return copyResult('CopyPartResult', { ...result, checksumType: undefined });
}
