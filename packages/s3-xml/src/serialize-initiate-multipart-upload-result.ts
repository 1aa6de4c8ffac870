import { element, xmlDocument } from './internal/xml-writer.js';

/** The body of a CreateMultipartUpload reply. */
export interface InitiateMultipartUploadResult {
  bucket: string;
  key: string;
  uploadId: string;
}

/**
 * Renders an `InitiateMultipartUploadResult`. The checksum algorithm and type travel as
 * headers, not here.
 *
 * @example
 * ```ts
 * serializeInitiateMultipartUploadResult({ bucket: 'b', key: 'k', uploadId: 'u1' });
 * ```
 */
export function serializeInitiateMultipartUploadResult(
  result: InitiateMultipartUploadResult,
): string {
  return xmlDocument(
    'InitiateMultipartUploadResult',
    element('Bucket', result.bucket) +
      element('Key', result.key) +
      element('UploadId', result.uploadId),
  );
}
