import { S3_NAMESPACE, XML_DECLARATION, xmlDocument } from './internal/xml-writer.js';

/** Versioning states a bucket can report; a bucket never versioned has none. */
export const VERSIONING_STATUSES = ['Enabled', 'Suspended'] as const;
/** One of {@link VERSIONING_STATUSES}. */
export type VersioningStatus = (typeof VERSIONING_STATUSES)[number];

/**
 * Renders a GetBucketVersioning reply: an empty `<VersioningConfiguration/>` for a bucket that
 * was never versioned, `<Status>` otherwise.
 *
 * @example
 * ```ts
 * serializeVersioningConfiguration('Enabled');
 * ```
 */
export function serializeVersioningConfiguration(status: VersioningStatus | undefined): string {
  if (status === undefined) {
    return `${XML_DECLARATION}<VersioningConfiguration xmlns="${S3_NAMESPACE}"/>`;
  }
  return xmlDocument('VersioningConfiguration', `<Status>${status}</Status>`);
}
