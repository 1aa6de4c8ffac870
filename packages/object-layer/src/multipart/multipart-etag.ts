import { createHash } from 'node:crypto';

/**
 * The ETag S3 gives a multipart object: the hex MD5 of the concatenated binary MD5s of its parts,
 * then `-` and the number of parts.
 *
 * @param partEtags - unquoted hex MD5s of the parts, in order.
 */
export function multipartEtag(partEtags: readonly string[]): string {
  const md5 = createHash('md5');
  for (const etag of partEtags) md5.update(Buffer.from(etag, 'hex'));
  return `${md5.digest('hex')}-${partEtags.length}`;
}
