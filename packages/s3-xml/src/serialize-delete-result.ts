import { element, optionalElement, xmlDocument } from './internal/xml-writer.js';
import { S3_ERRORS, type S3ErrorCode } from './s3-errors.js';

/** An object DeleteObjects removed (or that did not exist, which S3 also reports as deleted). */
export interface DeletedEntry {
  key: string;
  versionId?: string;
  /** Whether a delete marker was created or removed. */
  deleteMarker?: boolean;
  deleteMarkerVersionId?: string;
}

/** An object DeleteObjects could not remove. */
export interface DeleteErrorEntry {
  key: string;
  versionId?: string;
  code: S3ErrorCode;
  /** Defaults to the message in `S3_ERRORS`. */
  message?: string;
}

/** The outcome of a DeleteObjects request. In quiet mode pass only the errors. */
export interface DeleteResult {
  deleted: readonly DeletedEntry[];
  errors: readonly DeleteErrorEntry[];
}

/**
 * Renders a `DeleteResult`: `<Deleted>` entries, then `<Error>` entries.
 *
 * @example
 * ```ts
 * serializeDeleteResult({ deleted: [{ key: 'a' }], errors: [{ key: 'b', code: 'AccessDenied' }] });
 * ```
 */
export function serializeDeleteResult(result: DeleteResult): string {
  let body = '';
  for (const d of result.deleted) {
    body +=
      '<Deleted>' +
      element('Key', d.key) +
      optionalElement('VersionId', d.versionId) +
      optionalElement('DeleteMarker', d.deleteMarker) +
      optionalElement('DeleteMarkerVersionId', d.deleteMarkerVersionId) +
      '</Deleted>';
  }
  for (const e of result.errors) {
    body +=
      '<Error>' +
      element('Key', e.key) +
      optionalElement('VersionId', e.versionId) +
      element('Code', e.code) +
      element('Message', e.message ?? S3_ERRORS[e.code].message) +
      '</Error>';
  }
  return xmlDocument('DeleteResult', body);
}
