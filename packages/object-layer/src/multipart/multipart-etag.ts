import { compositeChecksum } from '@strata/checksums';

/**
 * The ETag S3 gives a multipart object: the hex MD5 of the concatenated binary MD5s of its parts,
 * then `-` and the number of parts.
 *
 * @param partEtags - unquoted hex MD5s of the parts, in order.
 */
export function multipartEtag(partEtags: readonly string[]): string {
  return compositeChecksum('MD5', partEtags, 'hex');
}
