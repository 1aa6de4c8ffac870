import {
  checksumElements,
  element,
  etagElement,
  optionalElement,
  xmlDocument,
} from './internal/xml-writer.js';
import type { Checksums, ChecksumType } from './types.js';

/** The body of a CompleteMultipartUpload reply. */
export interface CompleteMultipartUploadResult {
  /** URL of the new object, e.g. `https://host/bucket/key` (key URL-encoded by the caller). */
  location: string;
  bucket: string;
  key: string;
  /** Unquoted multipart ETag, e.g. `3858f62230ac3c915f300c664312c11f-9`. */
  etag: string;
  checksums?: Checksums;
  checksumType?: ChecksumType;
}

/**
 * Renders a `CompleteMultipartUploadResult`.
 *
 * @example
 * ```ts
 * serializeCompleteMultipartUploadResult({
 *   location: 'http://localhost:9000/b/k', bucket: 'b', key: 'k', etag: 'abc-2',
 * });
 * ```
 */
export function serializeCompleteMultipartUploadResult(
  result: CompleteMultipartUploadResult,
): string {
  return xmlDocument(
    'CompleteMultipartUploadResult',
    element('Location', result.location) +
      element('Bucket', result.bucket) +
      element('Key', result.key) +
      etagElement(result.etag) +
      checksumElements(result.checksums) +
      optionalElement('ChecksumType', result.checksumType),
  );
}
