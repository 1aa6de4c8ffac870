import { element, xmlDocument } from './internal/xml-writer.js';
import type { ObjectOwnershipValue } from './parse-ownership-controls.js';

/**
 * Renders a GetBucketOwnershipControls reply: one rule naming the bucket's object ownership.
 *
 * @example
 * ```ts
 * serializeOwnershipControls('BucketOwnerEnforced');
 * ```
 */
export function serializeOwnershipControls(ownership: ObjectOwnershipValue): string {
  return xmlDocument('OwnershipControls', `<Rule>${element('ObjectOwnership', ownership)}</Rule>`);
}
