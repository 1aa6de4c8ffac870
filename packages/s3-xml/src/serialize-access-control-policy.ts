import { ownerElement, xmlDocument } from './internal/xml-writer.js';
import type { Owner } from './types.js';

/**
 * Renders the canned `private` ACL S3 reports for a bucket or object: the owner with one
 * `FULL_CONTROL` grant to itself as a `CanonicalUser`.
 *
 * @example
 * ```ts
 * serializeAccessControlPolicy({ id: '75aa57f0', displayName: 'owner' });
 * ```
 */
export function serializeAccessControlPolicy(owner: Owner): string {
  const grantee = ownerElement('Grantee', owner).replace(
    '<Grantee>',
    '<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">',
  );
  return xmlDocument(
    'AccessControlPolicy',
    ownerElement('Owner', owner) +
      `<AccessControlList><Grant>${grantee}<Permission>FULL_CONTROL</Permission></Grant></AccessControlList>`,
  );
}
