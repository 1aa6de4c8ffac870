/**
 * `DisplayName` of every owner and initiator Strata reports: tenants have ids, not names, and
 * clients only show this field.
 */
export const OWNER_DISPLAY_NAME = 'strata';

/** An owner as S3's XML documents name one. */
export function ownerOf(id: string): { id: string; displayName: string } {
  return { id, displayName: OWNER_DISPLAY_NAME };
}
