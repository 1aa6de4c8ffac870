import { element, etagElement, xmlDocument } from './internal/xml-writer.js';

/** The body of a browser POST upload answered with `success_action_status=201`. */
export interface PostResponse {
  /** URL of the new object (key URL-encoded by the caller). */
  location: string;
  bucket: string;
  key: string;
  /** Unquoted ETag. */
  etag: string;
}

/**
 * Renders the `PostResponse` S3 returns for a POST Object upload with
 * `success_action_status=201` (Location, Bucket, Key, quoted ETag).
 *
 * @example
 * ```ts
 * serializePostResponse({ location: 'https://h/b/k', bucket: 'b', key: 'k', etag: 'abc' });
 * ```
 */
export function serializePostResponse(result: PostResponse): string {
  return xmlDocument(
    'PostResponse',
    element('Location', result.location) +
      element('Bucket', result.bucket) +
      element('Key', result.key) +
      etagElement(result.etag),
  );
}
