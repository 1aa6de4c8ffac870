import type { S3Target } from './resolve-target.js';
import { subresources } from './subresources.js';

/**
 * A browser form upload: `POST /bucket` with a `multipart/form-data` body and no sub-resource.
 * It carries its credentials in a signed policy inside the body, not in headers or query.
 */
export function isPostObjectRequest(
  method: string,
  target: S3Target,
  contentType: string | undefined,
): boolean {
  return (
    method === 'POST' &&
    target.bucket !== undefined &&
    target.key === undefined &&
    subresources(target.query).length === 0 &&
    /^multipart\/form-data/i.test(contentType ?? '')
  );
}
