import type { Context } from 'hono';
import type { GatewayDeps } from '../../deps.js';
import type { GatewayEnv } from '../../env.js';
import { requireIntegrityCheck, verifyBodyDigests } from '../../http/integrity-check.js';
import { readSmallBody } from '../../http/open-request-body.js';

/** Cap of an XML request body when the configuration sets none (`max_xml_body`). */
export const DEFAULT_MAX_XML_BODY = 1 << 20;

/**
 * The request's XML document (CreateBucket, DeleteObjects, CompleteMultipartUpload), read
 * through the body owner under the configured cap.
 *
 * @throws S3Error as `readSmallBody` does (`MaxMessageLengthExceeded`, `BadDigest`, …).
 */
export function readXmlBody(c: Context<GatewayEnv>, deps: GatewayDeps): Promise<Buffer> {
  return readSmallBody(c, deps.maxXmlBody ?? DEFAULT_MAX_XML_BODY);
}

/**
 * The request's XML document as text, with its digests verified (`Content-MD5` while it is read,
 * `x-amz-checksum-md5` / `-sha512` after): for the requests S3 requires an integrity check on
 * (DeleteObjects, PutBucketTagging, PutBucketCors, PutBucketEncryption) `required` refuses one
 * sent without it before a byte is read.
 *
 * @throws S3Error as {@link readXmlBody}, `verifyBodyDigests` and, with `required`,
 *   `requireIntegrityCheck` do.
 */
export async function readVerifiedXml(
  c: Context<GatewayEnv>,
  deps: GatewayDeps,
  integrityCheck: 'required' | 'optional',
): Promise<string> {
  const headers = c.req.raw.headers;
  if (integrityCheck === 'required') requireIntegrityCheck(headers);
  const body = await readXmlBody(c, deps);
  verifyBodyDigests(headers, body);
  return body.toString('utf8');
}
